import type { ReplyQuestion } from '../match/reply-classifier.js';
import type { Clock } from '../../lib/clock.js';
import type { GradeLetter, GradeRule } from '../grading.js';
import type { IntentClassifier } from '../match/intent-classifier.js';
import type { BargeInMode } from '../script/compiled-script.js';

/** What the session asks the call to do, in order. */
export type Action =
  | {
      readonly type: 'say';
      readonly text: string;
      /** Recorded prompt to play instead of synthesizing `text`. */
      readonly audio?: string;
      readonly nodeId: string;
      readonly nodeTitle: string;
      readonly bargeIn: BargeInMode;
    }
  | { readonly type: 'play'; readonly file: string }
  | {
      readonly type: 'listen';
      readonly timeoutMs: number;
      /** The listening node's keywords: words the recogniser should favour. */
      readonly hotwords?: readonly string[];
      /** End-of-turn silence set on the node (lines that hear). */
      readonly endOfTurnMs?: number;
      /** The node asked a 是/不是 question: lines that hear end the callee's turn sooner. */
      readonly yesNo?: boolean;
      /** What the robot may say first in answer (spoken lines, not recordings): synthesised ahead. */
      readonly nextPrompts?: readonly string[];
    }
  /** Stop the prompt being played: the callee barged in. */
  | { readonly type: 'stopSpeaking' }
  | { readonly type: 'hangup'; readonly reason: string }
  | { readonly type: 'transfer'; readonly target: string }
  | { readonly type: 'addToDnd'; readonly reason: string };

export type ActionType = Action['type'];

/** Why the call ended, as told to onHangup. */
export const HangupCause = {
  /** The callee hung up. */
  callee: 'callee',
  /** We hung up after the session's hangup action. */
  robot: 'robot',
  /** Bridged to a human after the session's transfer action. */
  transfer: 'transfer',
  /** Carrier or network failure during the call. */
  error: 'error',
  /** The platform ended a connected call (the talk-time limit), neither the callee nor the script. */
  system: 'system',
  /** Never answered (start() was not called). */
  noAnswer: 'noAnswer',
} as const;
export type HangupCauseName = (typeof HangupCause)[keyof typeof HangupCause];

/** How a callee reply was understood. */
export const MatchKind = {
  branch: 'branch',
  global: 'global',
  knowledge: 'knowledge',
  repeat: 'repeat',
  noMatch: 'noMatch',
  silence: 'silence',
  noise: 'noise',
  /** The callee spoke but the recogniser returned no text. */
  notRecognised: 'notRecognised',
  dtmf: 'dtmf',
} as const;
export type MatchKindName = (typeof MatchKind)[keyof typeof MatchKind];

export interface TurnMatch {
  readonly kind: MatchKindName;
  /** Intent that decided (built-in or custom), or the classifier's intent on a no-match. */
  readonly intent: string;
  readonly branchId?: string;
  readonly keyword?: string;
  readonly responderId?: string;
  readonly asksSn?: string;
  /** Node the reply led to, when it led somewhere. */
  readonly target?: string;
  /** notRecognised: why the recogniser gave no text (time-out, provider down …). */
  readonly reason?: string;
}

export interface TurnSegment {
  readonly text: string;
  readonly audio?: string;
  readonly nodeId: string;
  readonly nodeTitle: string;
}

/**
 * One exchange: what the robot said in one response (possibly several lines, e.g. an answer and the question
 * asked again) and what the callee replied. Maps to the vendor's record fragment (caption, title, answer,
 * vocfile, score, labelling).
 */
export interface Turn {
  readonly index: number;
  /** The node that was listening after the robot's lines (the last line's node). */
  readonly nodeId: string;
  readonly nodeTitle: string;
  readonly robotText: string;
  readonly segments: readonly TurnSegment[];
  readonly robotAt: Date;
  heard?: string;
  heardAt?: Date;
  match?: TurnMatch;
  /** 0–100 confidence of the match. */
  score: number;
  labels: string[];
}

/** Vendor to-learn types (7.5/7.6). */
export const ToLearnType = { cannotAnswer: 1, offTopic: 2, recognitionError: 3 } as const;
export type ToLearnTypeValue = (typeof ToLearnType)[keyof typeof ToLearnType];
export const TO_LEARN_NAMES: Readonly<Record<ToLearnTypeValue, string>> = {
  1: '无法回答',
  2: '答非所问',
  3: '识别异常',
};

/** An utterance the script could not handle, with its context, for the to-learn list. */
export interface ToLearnItem {
  readonly type: ToLearnTypeValue;
  readonly typeName: string;
  /** The robot's line before the utterance (vendor context_above). */
  readonly robotBefore: string;
  /** What was heard (vendor context_follow). */
  readonly heard: string;
  /** The robot's next line (vendor answer_above); empty when the call ended. */
  robotAfter: string;
  readonly nodeId: string;
  readonly nodeTitle: string;
  readonly at: Date;
}

export interface DndRequest {
  readonly reason: string;
  readonly nodeId: string;
  readonly at: Date;
}

export interface SessionCounters {
  /** Recognised callee utterances (vendor turn_count). */
  readonly turnCount: number;
  /** Robot responses. */
  readonly robotTurns: number;
  /** Knowledge-base answers given (vendor asks_count). */
  readonly asksCount: number;
  readonly noMatchCount: number;
  readonly silenceCount: number;
  readonly repeatCount: number;
  /** Callee speech the recogniser could not turn into text. */
  readonly notRecognisedCount: number;
}

export type EndReason =
  'robotHangup' | 'transfer' | 'calleeHangup' | 'systemHangup' | 'notConnected' | 'error' | 'maxTurns';

export interface SessionResult {
  readonly scriptName: string;
  readonly scriptVersion: number;
  readonly connected: boolean;
  readonly startedAt: Date | undefined;
  readonly endedAt: Date;
  readonly talkMs: number;
  readonly endReason: EndReason;
  readonly hangupCause: HangupCauseName;
  readonly turns: readonly Turn[];
  readonly grade: GradeLetter;
  readonly gradeReason: string;
  readonly counters: SessionCounters;
  /** Knowledge items answered in this call (add `count` to the item's asked_times). */
  readonly knowledgeHits: readonly {
    readonly asks_sn: string;
    readonly ask_title: string;
    readonly count: number;
  }[];
  readonly toLearn: readonly ToLearnItem[];
  /** Set when the callee hung up: the node whose line was last played (per-node hang-up rates). */
  readonly hangupNode: { readonly nodeId: string; readonly nodeTitle: string } | undefined;
  /** Nodes visited, in first-visit order. */
  readonly reachedNodes: readonly { readonly nodeId: string; readonly nodeTitle: string }[];
  readonly dndRequests: readonly DndRequest[];
  readonly transfer: { readonly target: string; readonly nodeId: string } | undefined;
  readonly labels: readonly string[];
  /** How often each intent was heard. */
  readonly intents: Readonly<Record<string, number>>;
  /** Internal errors caught during the call (the call was ended cleanly). */
  readonly errors: readonly string[];
}

export interface SessionOptions {
  /** Time source for turn timestamps and talk time; default the system clock. */
  readonly clock?: Clock;
  /** Default: the rule classifier. */
  readonly classifier?: IntentClassifier;
  /** Replaces the script's and the default grading rules. */
  readonly gradeRules?: readonly GradeRule[];
  /** Start at this flow instead of the main flow (script testing, vendor 7.4 question_sn). */
  readonly flowId?: string;
}

/** A running call: feed it events, play the actions it returns. */
export interface CallSession {
  /** The call was answered: greet. */
  start(): Action[];
  /**
   * Recognised callee text; `isFinal` false for partial results (they only decide barge-in). `choice`: a reply
   * classifier's pick among choicesFor(text), used only when the rules find no match.
   */
  onUserText(text: string, isFinal?: boolean, choice?: string): Action[];
  /**
   * When the rules cannot place this final reply at the listening node: what a reply classifier may choose from
   * and the line it answers; undefined when the rules decide on their own (or nothing is listening).
   */
  choicesFor(text: string): ReplyQuestion | undefined;
  /** The listen timeout expired without speech. */
  onSilence(): Action[];
  /**
   * The callee spoke but the recogniser gave no text (`reason`: time-out, provider down, garbage …): the node's
   * notRecognised branch, else the node's line again after settings.notRecognisedPrompt; past
   * maxNotRecognised in a row, the fallback. Never treated as silence.
   */
  onNotRecognised(reason: string): Action[];
  onDtmf(digit: string): Action[];
  /** The call is over; returns the record of the call. Idempotent. */
  onHangup(cause: HangupCauseName): SessionResult;
  /** True once the session asked to hang up or transfer, or the call ended. */
  readonly ended: boolean;
  /** Utterances the script could not handle so far (the final result has them too, with the robot's next line). */
  toLearnSoFar(): readonly ToLearnItem[];
}
