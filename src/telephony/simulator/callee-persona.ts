import type { Persona, Reply } from './persona-schema.js';
import type { SeededRandom } from './seeded-random.js';

/** What the callee does after the robot's turn, in order: say, press keys, hang up. All absent = silence. */
export interface CalleeAction {
  say?: string;
  dtmf?: string;
  hangup?: boolean;
}

const compiled = new WeakMap<Persona, readonly RegExp[]>();

/** Rules' patterns compiled once per persona object (the config is parsed once per line). */
function patternsOf(persona: Persona): readonly RegExp[] {
  let patterns = compiled.get(persona);
  if (!patterns) {
    patterns = persona.rules.map((rule) => new RegExp(rule.when, 'iu'));
    compiled.set(persona, patterns);
  }
  return patterns;
}

function toAction(reply: Reply): CalleeAction {
  if (typeof reply === 'string') return { say: reply };
  return {
    ...(reply.say !== undefined && { say: reply.say }),
    ...(reply.dtmf !== undefined && { dtmf: reply.dtmf }),
    ...(reply.hangup === true && { hangup: true }),
  };
}

/**
 * One callee's side of one conversation: a persona plus where it is in its script. Draws come from the call's
 * own generator, so the same robot behaviour yields the same answers.
 * @example new CalleePersona(persona, rng).answer('请问您对我们的产品感兴趣吗？') // { say: '嗯，你说。' }
 */
export class CalleePersona {
  #scriptAt = 0;

  constructor(
    readonly persona: Persona,
    private readonly rng: SeededRandom,
  ) {}

  /** Decides the reaction to what the robot said since the callee last reacted (see PersonaSchema's order). */
  answer(heard: string): CalleeAction {
    const p = this.persona;
    // Both draws always happen so one rate's setting does not shift the other's sequence.
    const silent = this.rng.chance(p.silenceRate);
    const hangsUp = this.rng.chance(p.hangupRate);
    if (silent) return {};
    if (hangsUp) return { hangup: true };
    const patterns = patternsOf(p);
    for (const [i, rule] of p.rules.entries()) {
      if (!patterns[i]?.test(heard)) continue;
      const reply = Array.isArray(rule.reply) ? this.rng.pick(rule.reply) : rule.reply;
      return reply === undefined ? {} : toAction(reply);
    }
    const scripted = p.script[this.#scriptAt];
    if (scripted !== undefined) {
      this.#scriptAt++;
      return toAction(scripted);
    }
    const drawn = this.rng.pick(p.pool);
    return drawn === undefined ? {} : toAction(drawn);
  }
}
