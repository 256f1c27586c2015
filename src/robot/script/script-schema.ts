import { z } from 'zod';
import { GradeRuleSchema } from '../grading.js';

/**
 * The 话术 (call script) as stored and exchanged as JSON. The schema checks shapes only; meaning (targets that
 * exist, reachable nodes, exits from loops, known variables …) is checked by validateScript, which reports every
 * problem at once instead of failing on the first.
 */

/** Format version written by exportScriptJson; older documents are upgraded on import. */
export const SCRIPT_FORMAT_VERSION = 1;

/** Barge-in mode (vendor `voice_break`): 0 = the callee interrupts by saying a keyword, 1 = by any voice. */
export const VoiceBreak = { keyword: 0, voice: 1 } as const;
export type VoiceBreakValue = (typeof VoiceBreak)[keyof typeof VoiceBreak];

/** One way of saying a line; `{变量}` placeholders are filled from the call's variables. */
export const VariantSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { text: v } : v),
  z.object({ text: z.string(), audio: z.string().min(1).optional() }),
);
export type Variant = z.output<typeof VariantSchema>;

/** A keyword, or a keyword with synonyms. Phrase syntax (`=`, `^`, `*`, `(a|b)`): see match/phrase-matcher.ts. */
export const KeywordSchema = z.union([
  z.string(),
  z.object({ word: z.string(), synonyms: z.array(z.string()).default([]) }),
]);
export type Keyword = z.output<typeof KeywordSchema>;

export const BranchKind = {
  affirm: 'affirm',
  negate: 'negate',
  refuse: 'refuse',
  busy: 'busy',
  hesitate: 'hesitate',
  repeat: 'repeat',
  silence: 'silence',
  noMatch: 'noMatch',
  /** The callee spoke but the recogniser gave no text (down, time-out, garbage): "not recognised". */
  notRecognised: 'notRecognised',
  keywords: 'keywords',
  regex: 'regex',
  intent: 'intent',
  dtmf: 'dtmf',
} as const;
export type BranchKindName = (typeof BranchKind)[keyof typeof BranchKind];

const labels = z.array(z.string()).default([]);
const count = z.number().int().min(0).max(20);

export const BranchSchema = z.object({
  id: z.string().optional(),
  kind: z.enum(Object.values(BranchKind) as [BranchKindName, ...BranchKindName[]]),
  target: z.string(),
  /** kind `keywords`. */
  keywords: z.array(KeywordSchema).optional(),
  /** kind `regex`: tested against the heard text with Chinese numerals as digits ("十五号" → "15号"). */
  pattern: z.string().optional(),
  flags: z.string().optional(),
  /** kind `intent`: a built-in intent name or the id of one of the script's custom intents. */
  intent: z.string().optional(),
  /** kind `dtmf`: the keys that take this branch. */
  digits: z.string().optional(),
  /** Explicit priority between overlapping keyword branches (higher wins; default 0). */
  priority: z.number().int().default(0),
  /** Labels recorded on the turn when this branch is taken (e.g. "有意向"). */
  labels,
});
export type Branch = z.output<typeof BranchSchema>;

const variants = z.array(VariantSchema);

export const SayNodeSchema = z.object({
  kind: z.literal('say'),
  /** Shown in call records and hang-up statistics, e.g. "01打招呼+开场白". */
  title: z.string(),
  variants,
  /** Shorter line used when the node is asked again after an answer or a repeat; default: `variants`. */
  reprompt: variants.optional(),
  /** false: say the line and continue to `next` without waiting for the callee. */
  listen: z.boolean().default(true),
  next: z.string().optional(),
  branches: z.array(BranchSchema).default([]),
  voiceBreak: z.union([z.literal(0), z.literal(1)]).optional(),
  /** false: the callee cannot interrupt this line. */
  bargeIn: z.boolean().default(true),
  silenceTimeoutMs: z.number().int().min(500).max(60_000).optional(),
  /**
   * Lines that hear the audio: silence after the callee's last voice that ends their turn here. Default: the
   * line's (~600 ms), or shorter when every spoken branch is 是/不是 (affirm, negate).
   */
  endOfTurnMs: z.number().int().min(200).max(3000).optional(),
  maxNoMatch: count.optional(),
  maxRepeat: count.optional(),
  maxSilence: count.optional(),
  maxNotRecognised: count.optional(),
  /** Where to go once a maximum is exceeded; default: settings.fallback. */
  fallback: z.string().optional(),
  labels,
});

export const JumpNodeSchema = z.object({
  kind: z.literal('jump'),
  title: z.string(),
  /** A node id, or use `flow` to continue at another flow's entry. */
  target: z.string().optional(),
  flow: z.string().optional(),
  labels,
});

export const HangupNodeSchema = z.object({
  kind: z.literal('hangup'),
  title: z.string(),
  /** The closing line (may be empty: hang up silently). */
  variants: variants.default([]),
  reason: z.string().default(''),
  labels,
});

export const TransferNodeSchema = z.object({
  kind: z.literal('transfer'),
  title: z.string(),
  variants: variants.default([]),
  /** Skill group, queue or extension of the human agents. */
  target: z.string(),
  labels,
});

export const NodeSchema = z.discriminatedUnion('kind', [
  SayNodeSchema,
  JumpNodeSchema,
  HangupNodeSchema,
  TransferNodeSchema,
]);
export type ScriptNode = z.output<typeof NodeSchema>;
export type SayNode = z.output<typeof SayNodeSchema>;
export type JumpNode = z.output<typeof JumpNodeSchema>;
export type HangupNode = z.output<typeof HangupNodeSchema>;
export type TransferNode = z.output<typeof TransferNodeSchema>;
export type NodeKind = ScriptNode['kind'];

/** What happens after a global handler or a knowledge answer. */
export const AfterAnswer = { return: 'return', hangup: 'hangup', goto: 'goto' } as const;
/** On return: say the node's line again (`reprompt`) or only listen again (`listen`). */
export const Resume = { reprompt: 'reprompt', listen: 'listen' } as const;

const afterAnswer = z.enum(['return', 'hangup', 'goto']).default('return');
const resume = z.enum(['reprompt', 'listen']).default('reprompt');

export const GlobalHandlerSchema = z.object({
  id: z.string(),
  title: z.string(),
  intents: z.array(z.string()).default([]),
  keywords: z.array(KeywordSchema).default([]),
  pattern: z.string().optional(),
  variants,
  action: z.object({ type: z.literal('addToDnd'), reason: z.string() }).optional(),
  then: afterAnswer,
  target: z.string().optional(),
  resume,
  priority: z.number().int().default(0),
  labels,
});
export type GlobalHandler = z.output<typeof GlobalHandlerSchema>;

/** A knowledge-base Q&A item; field names follow the vendor's template detail (7.2). */
export const KnowledgeItemSchema = z.object({
  asks_sn: z.string(),
  /** The callee's question / intent. */
  ask_title: z.string(),
  /** The robot's answer. */
  ask_caption: z.string(),
  keywords: z.array(KeywordSchema).default([]),
  intents: z.array(z.string()).default([]),
  audio: z.string().min(1).optional(),
  /** Lifetime hit count, maintained from session results by the services. */
  asked_times: z.number().int().min(0).default(0),
  then: afterAnswer,
  target: z.string().optional(),
  resume,
  priority: z.number().int().default(0),
  labels,
});
export type KnowledgeItem = z.output<typeof KnowledgeItemSchema>;

export const CustomIntentSchema = z.object({
  id: z.string(),
  title: z.string(),
  keywords: z.array(KeywordSchema).default([]),
  patterns: z.array(z.string()).default([]),
});
export type CustomIntent = z.output<typeof CustomIntentSchema>;

/**
 * A reply the robot missed on a call, labelled by an operator with where it should have led (exactly one of
 * `branch`, `global`, `asks_sn`). Heard again at `node` (or anywhere, for a global handler or knowledge item
 * without `node`), the same reply — or a close variant — goes there.
 */
export const LearnedExampleSchema = z.object({
  text: z.string().trim().min(1).max(500),
  /** The listening node it was heard at; required with `branch`. */
  node: z.string().optional(),
  /** A branch of `node`: its `id`, or `<node>#<n>` for the n-th branch (1-based). */
  branch: z.string().optional(),
  /** A global handler id. */
  global: z.string().optional(),
  /** A knowledge item. */
  asks_sn: z.string().optional(),
});
export type LearnedExample = z.output<typeof LearnedExampleSchema>;

export const VariableSchema = z.object({
  /** Import column caption, also the `{name}` placeholder, e.g. "姓名". */
  name: z.string(),
  required: z.boolean().default(false),
  /** Used when a call has no value (e.g. "您" for 姓名). */
  default: z.string().optional(),
  description: z.string().optional(),
});
export type ScriptVariable = z.output<typeof VariableSchema>;

export const FlowSchema = z.object({ id: z.string(), title: z.string(), entry: z.string() });
export type Flow = z.output<typeof FlowSchema>;

export const SettingsSchema = z.object({
  voiceBreak: z.union([z.literal(0), z.literal(1)]).default(0),
  silenceTimeoutMs: z.number().int().min(500).max(60_000).default(6000),
  maxNoMatch: count.default(2),
  maxRepeat: count.default(2),
  maxSilence: count.default(2),
  /** Speech the recogniser could not turn into text, in a row at one node, before the fallback. */
  maxNotRecognised: count.default(2),
  /** Hard cap on robot responses per call. */
  maxTurns: z.number().int().min(1).max(500).default(40),
  fallback: z.string().optional(),
  noMatchPrompt: variants.default([{ text: '不好意思，我刚才没太听明白。' }]),
  silencePrompt: variants.default([{ text: '喂，您好，您能听到我说话吗？' }]),
  /** Said before the node's line again when the callee's speech was not recognised. */
  notRecognisedPrompt: variants.default([{ text: '不好意思，刚才没听清楚，您能再说一遍吗？' }]),
});
export type ScriptSettings = z.output<typeof SettingsSchema>;

export const ScriptSchema = z.object({
  version: z.number().int().min(1),
  name: z.string(),
  caption: z.string().default(''),
  variables: z.array(VariableSchema).default([]),
  /** flows[0] is the main flow. */
  flows: z.array(FlowSchema).default([]),
  nodes: z.record(z.string(), NodeSchema),
  globals: z.array(GlobalHandlerSchema).default([]),
  knowledge: z.array(KnowledgeItemSchema).default([]),
  intents: z.array(CustomIntentSchema).default([]),
  settings: SettingsSchema.default(SettingsSchema.parse({})),
  /** Script-specific grading rules, evaluated before the defaults (see grading.ts). */
  grading: z.array(GradeRuleSchema).default([]),
  /** Replies labelled from the to-learn list (7.5), newest last. */
  learned: z.array(LearnedExampleSchema).default([]),
  /** Where the console's canvas shows each node (node id → position); no meaning for the robot. */
  layout: z.record(z.string(), z.object({ x: z.number().finite(), y: z.number().finite() })).optional(),
});

/** A script after schema parsing (defaults filled in). */
export type ScriptDefinition = z.output<typeof ScriptSchema>;
/** A script as written in JSON (defaults may be omitted). */
export type ScriptInput = z.input<typeof ScriptSchema>;
