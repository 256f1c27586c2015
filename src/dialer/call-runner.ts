import type { Logger } from '../lib/logger.js';
import type { Timers } from '../lib/virtual-clock.js';
import {
  createSession,
  type CallSession,
  type CompiledScript,
  type ReplyClassifier,
  type Turn,
} from '../robot/index.js';
import type {
  ClaimedNumber,
  ConversationSummary,
  DialOutcome,
  HangupParty,
} from '../services/dial/dial-types.js';
import type { CallChannel, CallEnd } from '../telephony/call-channel.js';
import type { LineEntry } from './line-pool.js';
import { RobotDriver } from './robot-driver.js';
import { summarizeSession } from './session-summary.js';
import { withTurnSegments } from './turn-segments.js';

/** Variables every originate carries (a SIP line sends them as X- headers): who this call is for. */
export const CALL_VARIABLES = {
  task: 'aicall.task',
  number: 'aicall.number',
  attempt: 'aicall.attempt',
} as const;

export interface CallSpec {
  readonly number: ClaimedNumber;
  readonly taskSn: string;
  readonly entry: LineEntry;
  readonly script: CompiledScript;
  readonly timers: Timers;
  readonly ringTimeoutMs: number;
  /** Longest talk time before the dialer hangs up itself (a stuck conversation must not hold a line). */
  readonly maxTalkMs: number;
  readonly log: Logger;
  /** Asked about replies the robot's rules cannot place (optional). */
  readonly replyClassifier?: ReplyClassifier;
  /** Record the answered call into `file`; the call record stores `rel`. */
  readonly record?: { readonly file: string; readonly rel: string };
}

/** A call being placed or in conversation. */
export interface RunningCall {
  readonly spec: CallSpec;
  readonly channel: CallChannel;
  /** Resolves with the attempt's outcome once the call has ended; never rejects. */
  readonly outcome: Promise<DialOutcome>;
}

/**
 * Places one call and runs the robot on it once answered: originate on the claimed number's line, start a
 * session with the number's columns as script variables, perform the session's actions, and at the end turn
 * the channel summary and the session result into the attempt's outcome.
 */
export function runCall(spec: CallSpec): RunningCall {
  const { number, entry, timers } = spec;
  const channel = entry.line.originate({
    callee: number.phone,
    ...(entry.info.caller && { caller: entry.info.caller }),
    variables: {
      [CALL_VARIABLES.task]: spec.taskSn,
      [CALL_VARIABLES.number]: number.id,
      [CALL_VARIABLES.attempt]: String(number.dialSeq),
    },
    timeoutMs: spec.ringTimeoutMs,
    ...(spec.record && { record: spec.record.file }),
  });
  let session: CallSession | undefined;
  let driver: RobotDriver | undefined;
  let guard: (() => void) | undefined;
  let talkLimitReached = false;
  channel.on('answered', () => {
    try {
      session = createSession(spec.script, { ...number.columns, 电话: number.phone }, { clock: timers });
      driver = new RobotDriver(channel, session, timers, spec.replyClassifier);
      driver.begin();
    } catch (err) {
      spec.log.error({ err, numberId: number.id }, 'robot failed to start; hanging up');
      void channel.hangup();
    }
    // A far end that never hangs up (no BYE, media still flowing) must not hold the line: the system ends it.
    guard = timers.setTimer(spec.maxTalkMs, () => {
      talkLimitReached = true;
      spec.log.warn(
        { numberId: number.id, maxTalkMs: spec.maxTalkMs },
        'talk-time limit reached; hanging up',
      );
      void channel.hangup();
    });
  });
  const outcome = channel.ended.then(async (end) => {
    guard?.();
    driver?.dispose();
    let conversation: ConversationSummary | undefined;
    let turns: readonly Turn[] = [];
    const limit = talkLimitReached && end.hangupBy === 'local' ? spec.maxTalkMs : undefined;
    if (session) {
      try {
        const result = session.onHangup(RobotDriver.causeOf(end, limit !== undefined));
        turns = result.turns;
        conversation = summarizeSession(result);
      } catch (err) {
        spec.log.error({ err, numberId: number.id }, 'robot result unavailable');
      }
    }
    conversation = await withTurnSegments(conversation, turns, end, spec.record, spec.log).catch(
      (err: unknown) => {
        spec.log.error({ err, numberId: number.id }, 'per-turn segments failed');
        return conversation;
      },
    );
    return toOutcome(
      number,
      end,
      withCallFacts(withHearing(conversation, end), end, limit),
      end.recording ? spec.record?.rel : undefined,
      limit !== undefined,
    );
  });
  return { spec, channel, outcome };
}

const NOT_A_PERSON: Readonly<Record<string, string>> = {
  machine: '语音信箱/自动应答',
  announcement: '运营商提示音',
  ringback: '回铃音',
};

/**
 * What the line heard joins the record: each voice turn's timing, and what answered. A machine or an
 * announcement is graded F (无效) with its own reason, whatever the robot had concluded.
 */
function withHearing(
  conversation: ConversationSummary | undefined,
  end: CallEnd,
): ConversationSummary | undefined {
  if (!conversation || (!end.voiceTurns && !end.answer)) return conversation;
  const notPerson = end.answer && NOT_A_PERSON[end.answer.kind];
  return {
    ...conversation,
    ...(notPerson && { grade: 'F', gradeReason: `${notPerson}(${end.answer?.reason ?? ''})` }),
    details: {
      ...conversation.details,
      ...(end.voiceTurns && { voiceTurns: end.voiceTurns }),
      ...(end.answer && { answer: end.answer }),
    },
  };
}

/**
 * What operators need to know about how the call went joins the record's details: prompts that could not be
 * played as asked (`playbackFaults`), and the talk-time limit that ended it (`talkLimitMs`).
 */
function withCallFacts(
  conversation: ConversationSummary | undefined,
  end: CallEnd,
  talkLimitMs: number | undefined,
): ConversationSummary | undefined {
  if (!conversation || (!end.playbackFaults && talkLimitMs === undefined)) return conversation;
  return {
    ...conversation,
    details: {
      ...conversation.details,
      ...(end.playbackFaults && { playbackFaults: end.playbackFaults }),
      ...(talkLimitMs !== undefined && { talkLimitMs }),
    },
  };
}

function hangupParty(end: CallEnd, bySystem: boolean): HangupParty | undefined {
  if (end.result !== 'answered') return undefined;
  if (end.hangupCause === 'networkError' || bySystem) return 'system';
  return end.hangupBy === 'remote' ? 'callee' : 'robot';
}

function toOutcome(
  number: ClaimedNumber,
  end: CallEnd,
  conversation: ConversationSummary | undefined,
  recordFile: string | undefined,
  endedBySystem: boolean,
): DialOutcome {
  return {
    number,
    result: end.result,
    startedAt: end.startedAt,
    answeredAt: end.answeredAt,
    endedAt: end.endedAt,
    talkMs: end.talkMs,
    hangupBy: hangupParty(end, endedBySystem),
    conversation,
    ...(end.signalling && { signalling: end.signalling }),
    ...(recordFile && { recordFile }),
  };
}
