// The data the dialer and the dial-time services exchange. Plain values: the dialer (which knows the robot and
// the call boundary) fills them, the services (which know the store) read them.
import type { CallTimeRules, DayKind } from '../calling-hours/windows.js';
import type { FrequencyCap } from './frequency-caps.js';
import type { AttemptResult, FailRecallSettings } from './number-outcome.js';

/** A configured line, as the dialer paces it. */
export interface LineInfo {
  readonly id: string;
  readonly teamId: string;
  readonly name: string;
  readonly kind: 'simulator' | 'sip';
  readonly caller: string;
  readonly capacity: number;
  readonly cps: number | undefined;
  readonly config: Readonly<Record<string, unknown>>;
  readonly up: boolean;
  readonly statusReason: string;
  /** Changes whenever the row changes: a new value means "rebuild the line". */
  readonly version: string;
}

/** A running task. `problem` set = it cannot run and is to be paused with that reason. */
export interface TaskPlan {
  readonly id: string;
  readonly teamId: string;
  readonly sn: string;
  readonly name: string;
  readonly accountId: string;
  /** The owner's user name and its parent account's (its own for a main account): recording file names. */
  readonly ownerName: string;
  readonly parentName: string;
  readonly maxCallCount: number;
  readonly scriptId: string;
  /** Changes whenever the script changes (recompile). */
  readonly scriptVersion: string;
  readonly priority: number;
  readonly lineId: string | undefined;
  readonly timedStartedAt: Date | undefined;
  readonly failRecall: FailRecallSettings;
  readonly problem: string | undefined;
  /** When the earliest redial falls due (as read with the plan); undefined = none waiting. */
  readonly recallDueAt: Date | undefined;
  /** When the earliest number put back with a time (line fault, frequency cap) falls due. */
  readonly deferredDueAt: Date | undefined;
}

/** A team with running tasks. */
export interface TeamPlan {
  readonly teamId: string;
  readonly timezone: string;
  /** Licensed robot concurrency (ai_count). */
  readonly aiCount: number;
  readonly caps: readonly FrequencyCap[];
  readonly rules: CallTimeRules;
  readonly dayKindOf: (localDate: string) => DayKind;
  readonly tasks: readonly TaskPlan[];
}

export interface DialPlan {
  readonly at: Date;
  readonly teams: readonly TeamPlan[];
  /** The lines of these teams and the lines paused tasks wait for. */
  readonly lines: ReadonlyMap<string, LineInfo>;
  /** Tasks the dialer paused because their line stopped answering: resumed once it answers again. */
  readonly awaitingLine: readonly AwaitingLine[];
}

/** A task paused until its line answers its health check again, with the reason written when it was paused. */
export interface AwaitingLine {
  readonly taskId: string;
  readonly lineId: string;
  readonly reason: string;
}

/** One number claimed for one origination. */
export interface ClaimedNumber {
  readonly id: string;
  readonly taskId: string;
  readonly teamId: string;
  readonly lineId: string;
  readonly phone: string;
  readonly columns: Readonly<Record<string, string>>;
  readonly dialSeq: number;
  readonly attemptsBefore: number;
  readonly claimedAt: Date;
}

/** A 6.4 cdrshow fragment: one robot line and the callee's answer. */
export interface TurnFragment {
  readonly caption: string;
  readonly title: string;
  readonly answer: string;
  readonly vocfile?: string;
  /** This turn's part of the call recording (→ 6.3), when the call was recorded. */
  readonly fenduanluyin?: string;
  readonly score: number;
  readonly labelling: string;
  readonly is_answer: 0 | 1;
  readonly outType: string;
}

/** What the robot made of an answered call, in record terms. */
export interface ConversationSummary {
  readonly grade: string;
  readonly gradeReason: string;
  readonly turns: readonly TurnFragment[];
  readonly turnCount: number;
  readonly asksCount: number;
  readonly score: number;
  readonly labels: readonly string[];
  readonly hangupNode: string;
  readonly transferred: boolean;
  readonly dndRequests: readonly { readonly reason: string }[];
  /** End reason, to-learn items, knowledge hits, intents, reached nodes, errors. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** Who ended an answered call, as stored in call_records.hangup_by. */
export type HangupParty = 'robot' | 'callee' | 'system';

/** A finished attempt, handed to the hang-up transaction. */
export interface DialOutcome {
  readonly number: ClaimedNumber;
  readonly result: AttemptResult;
  readonly startedAt: Date;
  readonly answeredAt: Date | undefined;
  readonly endedAt: Date;
  readonly talkMs: number;
  readonly hangupBy: HangupParty | undefined;
  readonly conversation: ConversationSummary | undefined;
  /** The carrier's raw final status and reason (SIP), when it has one. */
  readonly signalling?: { readonly status: number; readonly reason: string };
  /** The call's recording, relative to its team's recordings directory. */
  readonly recordFile?: string;
}
