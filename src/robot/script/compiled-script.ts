import type { GradeRule } from '../grading.js';
import type { ExampleMatcher } from '../match/example-matcher.js';
import type { PhraseMatcher } from '../match/phrase-matcher.js';
import type { Branch, ScriptDefinition } from './script-schema.js';
import type { TemplateSegment } from './template.js';

/** How the callee may interrupt a line: not at all, by a keyword (voice_break 0), by any voice (voice_break 1). */
export type BargeInMode = 'off' | 'keyword' | 'voice';

export interface CompiledVariant {
  readonly segments: readonly TemplateSegment[];
  readonly audio: string | undefined;
}

/** A branch with its position, for logs ("branch 2 of 01打招呼"). */
export interface BranchRef {
  readonly id: string;
  readonly index: number;
  readonly branch: Branch;
}

interface NodeBase {
  readonly id: string;
  readonly title: string;
  readonly labels: readonly string[];
}

export interface CompiledSayNode extends NodeBase {
  readonly kind: 'say';
  readonly variants: readonly CompiledVariant[];
  readonly reprompt: readonly CompiledVariant[];
  readonly listen: boolean;
  readonly next: string | undefined;
  readonly bargeIn: BargeInMode;
  readonly silenceTimeoutMs: number;
  readonly maxNoMatch: number;
  readonly maxRepeat: number;
  readonly maxSilence: number;
  readonly maxNotRecognised: number;
  readonly fallback: string | undefined;
  /** Every branch in script order. */
  readonly branches: readonly BranchRef[];
  /** Keyword branches; undefined when the node has none. */
  readonly keywordMatcher: PhraseMatcher<BranchRef> | undefined;
  readonly regexBranches: readonly { readonly re: RegExp; readonly ref: BranchRef }[];
  /** Built-in intent kinds (affirm, refuse …) and `intent` branches, by intent name. */
  readonly intentBranches: ReadonlyMap<string, BranchRef>;
  readonly dtmfBranches: ReadonlyMap<string, BranchRef>;
  readonly silenceBranch: BranchRef | undefined;
  readonly noMatchBranch: BranchRef | undefined;
  readonly repeatBranch: BranchRef | undefined;
  readonly notRecognisedBranch: BranchRef | undefined;
  /** The node's keywords, for the recogniser's hot words. */
  readonly hotwords: readonly string[];
  /** End-of-turn silence set on the node (lines that hear); undefined: the line's default. */
  readonly endOfTurnMs: number | undefined;
  /** The node asks a 是/不是 question: its spoken branches are only affirm/negate (a shorter end of turn). */
  readonly yesNo: boolean;
}

export interface CompiledJumpNode extends NodeBase {
  readonly kind: 'jump';
  /** Resolved node id (a flow target is resolved to its entry). */
  readonly target: string;
}

export interface CompiledHangupNode extends NodeBase {
  readonly kind: 'hangup';
  readonly variants: readonly CompiledVariant[];
  readonly reason: string;
}

export interface CompiledTransferNode extends NodeBase {
  readonly kind: 'transfer';
  readonly variants: readonly CompiledVariant[];
  readonly target: string;
}

export type CompiledNode = CompiledSayNode | CompiledJumpNode | CompiledHangupNode | CompiledTransferNode;

/** A global handler or a knowledge item: something that answers at any listening node. */
export interface CompiledResponder {
  readonly source: 'global' | 'knowledge';
  readonly id: string;
  readonly title: string;
  readonly variants: readonly CompiledVariant[];
  readonly dndReason: string | undefined;
  readonly then: 'return' | 'hangup' | 'goto';
  readonly target: string | undefined;
  readonly resume: 'reprompt' | 'listen';
  readonly priority: number;
  readonly labels: readonly string[];
  readonly intents: ReadonlySet<string>;
  readonly regex: RegExp | undefined;
  /** Knowledge items only. */
  readonly asksSn: string | undefined;
}

/** Where a learned example leads: a branch of its node, or a global handler / knowledge item at any node. */
export type LearnedTarget =
  | { readonly kind: 'branch'; readonly node: string; readonly ref: BranchRef }
  | { readonly kind: 'responder'; readonly responder: CompiledResponder };

/** The runtime graph built by compileScript: immutable, shared by every call of the script. */
export interface CompiledScript {
  readonly definition: ScriptDefinition;
  readonly name: string;
  readonly version: number;
  readonly mainEntry: string;
  readonly flowEntries: ReadonlyMap<string, string>;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  readonly responders: readonly CompiledResponder[];
  readonly responderMatcher: PhraseMatcher<CompiledResponder>;
  readonly customIntentMatcher: PhraseMatcher<string>;
  readonly customIntentPatterns: readonly { readonly re: RegExp; readonly intent: string }[];
  /** Replies labelled from calls (ScriptDefinition.learned). */
  readonly learned: ExampleMatcher<LearnedTarget>;
  readonly noMatchPrompt: readonly CompiledVariant[];
  readonly silencePrompt: readonly CompiledVariant[];
  readonly notRecognisedPrompt: readonly CompiledVariant[];
  readonly maxTurns: number;
  readonly fallback: string | undefined;
  readonly variableDefaults: Readonly<Record<string, string>>;
  readonly gradeRules: readonly GradeRule[];
}
