import type { CompiledSayNode, CompiledScript } from '../script/compiled-script.js';

/**
 * An optional second opinion on replies the rule engine cannot place: a statistical model (an LLM behind an
 * OpenAI-compatible endpoint, see clients/reply-model) picks one of the outcomes the listening node allows.
 * Asynchronous, so the dialer awaits it before handing the text to the session (CallSession.choicesFor then
 * onUserText with the choice); the session stays synchronous and deterministic, and a choice only ever fills
 * in for a no-match — what the rules decide is never overridden.
 */
export interface ReplyChoice {
  /** `<branch id>`, `global:<id>`, `knowledge:<asks_sn>` or `none`. */
  readonly id: string;
  /** For the model: what the callee means when this is the right choice. */
  readonly description: string;
}

export interface ReplyQuestion {
  /** What the robot said last (the line the callee answers). */
  readonly robotLine: string;
  readonly reply: string;
  readonly choices: readonly ReplyChoice[];
}

export interface ReplyClassifier {
  /** The chosen choice id, or undefined (no answer in time, an answer outside the choices, an error). */
  choose(question: ReplyQuestion): Promise<string | undefined>;
}

export const NO_CHOICE = 'none';

const KIND_MEANING: Readonly<Record<string, string>> = {
  affirm: '肯定、同意、确认',
  negate: '否定、不是',
  refuse: '拒绝、不需要',
  busy: '在忙、没空、稍后再联系',
  hesitate: '犹豫、要考虑或商量',
};

/** The outcomes a reply may have at `node`: its branches, the global handlers and the knowledge items. */
export function replyChoices(script: CompiledScript, node: CompiledSayNode): ReplyChoice[] {
  const out: ReplyChoice[] = [];
  for (const ref of node.branches) {
    const b = ref.branch;
    const to = script.nodes.get(b.target)?.title ?? b.target;
    let meaning = KIND_MEANING[b.kind];
    if (b.kind === 'keywords') {
      const words = (b.keywords ?? []).map((k) => (typeof k === 'string' ? k : k.word)).slice(0, 8);
      meaning = `说到: ${words.join('、').replace(/[*~()|=^]/g, '')}`;
    } else if (b.kind === 'intent') meaning = `意图: ${b.intent ?? ''}`;
    if (meaning === undefined) continue;
    out.push({ id: ref.id, description: `${meaning}(接下来: ${to})` });
  }
  for (const r of script.responders) {
    out.push(
      r.source === 'global'
        ? { id: `global:${r.id}`, description: r.title }
        : { id: `knowledge:${r.asksSn ?? r.id}`, description: `提问: ${r.title}` },
    );
  }
  out.push({ id: NO_CHOICE, description: '以上都不是、无法判断' });
  return out;
}
