import { isNeverRetryable } from '../call-result.js';
import type { Persona } from './persona-schema.js';
import { SeededRandom, hash32, pickWeighted, sampleDuration } from './seeded-random.js';
import {
  SIMULATED_OUTCOMES,
  timingOf,
  type SimulatedOutcome,
  type SimulatorLineConfig,
} from './simulator-config.js';

/**
 * Originate variables the simulator honours, for rehearsing a script against a chosen callee:
 * `sim.outcome` (a result name such as `answered`, `vacant`) and `sim.persona` (a persona name). Unknown values
 * are ignored: an originate never fails over a rehearsal hint.
 */
export const SIM_VARIABLES = { outcome: 'sim.outcome', persona: 'sim.persona' } as const;

/** Everything decided about a call before it is placed. */
export interface CallPlan {
  /** The trunk fails this call (`lineError`) right after setup. */
  lineFault: boolean;
  outcome: SimulatedOutcome;
  /** Originate → ringing (or → outcome when it does not ring). */
  setupMs: number;
  rings: boolean;
  /** End of setup → answer or failure. */
  afterMs: number;
  /** Who picks up, for answered calls. */
  persona: Persona;
  /** Seed of the conversation's own draws (reply choice, delays). */
  talkSeed: number;
}

const isOutcome = (value: string | undefined): value is SimulatedOutcome =>
  value !== undefined && (SIMULATED_OUTCOMES as readonly string[]).includes(value);

/**
 * Plans the `attempt`-th call (0-based) of `callee` on a line.
 *
 * Determinism: every draw comes from a generator seeded by hash(seed, callee, attempt), so the plan does not
 * depend on which other numbers were dialled or in what order. Dead-number outcomes (空号, 停机 — the
 * never-retryable ones) are decided from hash(seed, callee) alone, so such a number stays dead on every redial,
 * while busy, no-answer … are drawn afresh per attempt. Both parts together keep the configured proportions:
 * a number is dead with the dead outcomes' share of the total weight, and otherwise gets a live outcome in
 * proportion to the live weights.
 */
export function planCall(
  config: SimulatorLineConfig,
  callee: string,
  attempt: number,
  variables: Readonly<Record<string, string>> = {},
): CallPlan {
  const rng = new SeededRandom(hash32(config.seed, 'call', callee, attempt));
  const lineFault = rng.chance(config.failureRate);
  const drawn = drawOutcome(config, callee, rng.next());
  const hinted = variables[SIM_VARIABLES.outcome];
  const outcome = isOutcome(hinted) ? hinted : (config.numbers[callee]?.outcome ?? drawn);
  const timing = timingOf(config, outcome);
  const setupMs = sampleDuration(config.setupMs, rng);
  const afterMs = sampleDuration(timing.afterMs, rng);
  return {
    lineFault,
    outcome,
    setupMs,
    rings: timing.rings,
    afterMs,
    persona: personaFor(config, callee, variables[SIM_VARIABLES.persona]),
    talkSeed: hash32(config.seed, 'talk', callee, attempt),
  };
}

function drawOutcome(config: SimulatorLineConfig, callee: string, u: number): SimulatedOutcome {
  const weights = SIMULATED_OUTCOMES.map((o) => [o, config.outcomes[o] ?? 0] as const).filter(
    ([, w]) => w > 0,
  );
  const dead = weights.filter(([o]) => isNeverRetryable(o));
  const live = weights.filter(([o]) => !isNeverRetryable(o));
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const deadShare = dead.reduce((sum, [, w]) => sum + w, 0) / total;
  const numberDraw = new SeededRandom(hash32(config.seed, 'number', callee)).next();
  if (numberDraw < deadShare || live.length === 0) {
    return pickWeighted(dead, numberDraw / deadShare) ?? 'other';
  }
  return pickWeighted(live, u) ?? 'other';
}

/** The persona of a number: fixed by variable or config, else a stable weighted draw from hash(seed, callee). */
function personaFor(config: SimulatorLineConfig, callee: string, requested: string | undefined): Persona {
  const byName = (name: string | undefined): Persona | undefined =>
    name === undefined ? undefined : config.personas.find((p) => p.name === name);
  const fixed = byName(requested) ?? byName(config.numbers[callee]?.persona);
  if (fixed) return fixed;
  const u = new SeededRandom(hash32(config.seed, 'persona', callee)).next();
  return (
    pickWeighted(
      config.personas.map((p) => [p, p.weight] as const),
      u,
    ) ?? (config.personas[0] as Persona)
  );
}
