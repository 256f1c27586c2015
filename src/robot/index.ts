/**
 * The robot: a deterministic dialogue engine over 话术 scripts. Pure TypeScript — no database, no HTTP, no I/O.
 * The dialer compiles a script once, creates a session per answered call, feeds it recognised text, silences
 * and keypresses, plays the actions it returns and stores the SessionResult.
 */
export type {
  Action,
  ActionType,
  CallSession,
  DndRequest,
  EndReason,
  HangupCauseName,
  MatchKindName,
  SessionCounters,
  SessionOptions,
  SessionResult,
  ToLearnItem,
  ToLearnTypeValue,
  Turn,
  TurnMatch,
  TurnSegment,
} from './runtime/session-types.js';
export { HangupCause, MatchKind, ToLearnType, TO_LEARN_NAMES } from './runtime/session-types.js';
export { createSession } from './session.js';

export type {
  Branch,
  BranchKindName,
  CustomIntent,
  Flow,
  GlobalHandler,
  Keyword,
  KnowledgeItem,
  LearnedExample,
  NodeKind,
  ScriptDefinition,
  ScriptInput,
  ScriptNode,
  ScriptSettings,
  ScriptVariable,
  Variant,
} from './script/script-schema.js';
export { BranchKind, SCRIPT_FORMAT_VERSION, ScriptSchema, VoiceBreak } from './script/script-schema.js';
export type { BargeInMode, CompiledNode, CompiledScript } from './script/compiled-script.js';
export { compileScript } from './script/compile-script.js';
export { validateScript, type ValidationResult } from './script/validate-script.js';
export { ProblemCode, type ProblemCodeName, type ScriptProblem } from './script/script-problems.js';
export { scriptColumns } from './script/script-columns.js';
export { exportScriptJson, importScriptJson, parseScriptJsonOrThrow } from './script/script-io.js';

export { DEFAULT_GRADE_RULES, Grade, grade } from './grading.js';
export type { GradeCondition, GradeLetter, GradeRule, GradingFacts } from './grading.js';

export { Intent, type BuiltinIntent } from './match/intents.js';
export type { IntentClassifier } from './match/intent-classifier.js';
export { ruleIntentClassifier } from './match/intent-classifier.js';
export { normalizeUtterance, type NormalizedUtterance } from './match/normalize.js';
export {
  NO_CHOICE,
  replyChoices,
  type ReplyChoice,
  type ReplyClassifier,
  type ReplyQuestion,
} from './match/reply-classifier.js';
export { classifyIntent, type IntentResult } from './match/rule-classifier.js';
export { convertChineseNumerals } from './match/chinese-numerals.js';

export { courseScript, demoScripts, paymentScript } from './demo-scripts/index.js';
