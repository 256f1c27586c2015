import type { BranchRef, CompiledResponder, CompiledScript } from '../script/compiled-script.js';

/** How a reply at a listening node is handled. */
export type Decision =
  | {
      readonly kind: 'branch';
      readonly ref: BranchRef;
      readonly intent: string;
      readonly keyword?: string;
      readonly score: number;
    }
  | {
      readonly kind: 'responder';
      readonly responder: CompiledResponder;
      readonly intent: string;
      readonly keyword?: string;
      readonly score: number;
      /** A confirmation said alongside the question ("是我，你们是哪里"): followed once the answer is given. */
      readonly then?: BranchRef;
    }
  | { readonly kind: 'repeat'; readonly intent: string; readonly score: number }
  | { readonly kind: 'noMatch'; readonly intent: string; readonly score: number };

/** A specific (keyword / regex / custom-intent) candidate. */
export interface Candidate {
  readonly priority: number;
  readonly length: number;
  readonly clause: number;
  /** Where the match starts in its clause (regex matches: the end of the utterance). */
  readonly start: number;
  /** Node branches win ties over global handlers and knowledge items: they know the context. */
  readonly local: boolean;
  readonly decision: Decision;
}

/** Position of a regex match: it is tested on the whole utterance, so it counts as said last. */
export const END = 999;

/** The responder for an intent: highest priority, then script order. */
export function responderFor(script: CompiledScript, intent: string): CompiledResponder | undefined {
  let found: CompiledResponder | undefined;
  for (const r of script.responders) {
    if (r.intents.has(intent) && (!found || r.priority > found.priority)) found = r;
  }
  return found;
}

/** A position in an utterance comparable across clauses. */
export const at = (clause: number, start: number): number => clause * 1000 + start;
