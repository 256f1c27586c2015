/**
 * The outcome of one call attempt, in the vendor's vocabulary.
 *
 * Three families:
 * - `answered` — the callee picked up; how the call then ended is a {@link HangupCause}.
 * - callee outcomes — what the carrier reported about the number (6.5 号码状态说明, codes 2–9 from the reference,
 *   10–15 ours where its table is cut), each with the end-reason string of §4.6 used by `fail_recall_of_reason`
 *   and listed by `/config` (§3.11 `virtual_extension_endreason_enum`).
 * - our side — the call never reached the number: cancelled by us, or the line refused or failed (down, full, CPS
 *   limit, trunk error). These do not say anything about the number, so they never count as a dial attempt.
 */
export const CallResult = {
  answered: 'answered',
  poweredOff: 'poweredOff',
  vacant: 'vacant',
  suspended: 'suspended',
  inCall: 'inCall',
  rejected: 'rejected',
  unreachable: 'unreachable',
  outOfService: 'outOfService',
  busy: 'busy',
  callReminder: 'callReminder',
  callLater: 'callLater',
  arrears: 'arrears',
  noAnswer: 'noAnswer',
  restricted: 'restricted',
  other: 'other',
  cancelled: 'cancelled',
  lineDown: 'lineDown',
  lineFull: 'lineFull',
  lineRateLimited: 'lineRateLimited',
  lineError: 'lineError',
} as const;
export type CallResult = (typeof CallResult)[keyof typeof CallResult];

/** Every result except `answered`: the cause carried by a channel's `failed` event. */
export type FailureCause = Exclude<CallResult, 'answered'>;

/** Who is to blame: the number (`callee`), our side or the line (`local`), or nobody (`answered`). */
export type ResultFamily = 'answered' | 'callee' | 'local';

/** What a redial can achieve: `never` for numbers that do not exist or are cut off, `later` for the rest. */
export type RetryPolicy = 'never' | 'later' | 'none';

/** Facts about one {@link CallResult}. */
export interface CallResultInfo {
  /** Number-status code (6.5 id; `hangup_serial_number`). 1 = answered, 2–9 vendor, 10–15 our continuation. */
  readonly code: number;
  /** Chinese name shown to operators and used as the end reason (§4.6) in `fail_recall_of_reason`. */
  readonly name: string;
  /** English alias as in the 6.5 table. */
  readonly alias: string;
  readonly family: ResultFamily;
  readonly retry: RetryPolicy;
}

/** Why an answered call ended. */
export const HangupCause = {
  /** Either side hung up normally (SIP BYE, Q.850 16). */
  normal: 'normal',
  /** The call left the robot for a human seat or another number (`is_transfertoagent`). */
  transferred: 'transferred',
  /** Media or signalling was lost, or the line dropped the call. */
  networkError: 'networkError',
} as const;
export type HangupCause = (typeof HangupCause)[keyof typeof HangupCause];

const info = (
  code: number,
  name: string,
  alias: string,
  family: ResultFamily,
  retry: RetryPolicy,
): CallResultInfo => Object.freeze({ code, name, alias, family, retry });

/**
 * The table behind every lookup. Our-side results report code 15 / 其他 on the wire: the vendor has no code for
 * "our trunk failed", and 其他 is what its console shows for such calls.
 */
export const CALL_RESULTS: Readonly<Record<CallResult, CallResultInfo>> = Object.freeze({
  answered: info(1, '已接通', 'answered', 'answered', 'none'),
  poweredOff: info(2, '关机', 'power off', 'callee', 'later'),
  vacant: info(3, '空号', 'does not exist', 'callee', 'never'),
  suspended: info(4, '停机', 'out of service', 'callee', 'never'),
  inCall: info(5, '正在通话中', 'hold on', 'callee', 'later'),
  rejected: info(6, '用户拒接', 'not convenient', 'callee', 'later'),
  unreachable: info(7, '无法接通', 'is not reachable', 'callee', 'later'),
  outOfService: info(8, '暂停服务', 'not in service', 'callee', 'later'),
  busy: info(9, '用户正忙', 'busy', 'callee', 'later'),
  callReminder: info(10, '来电提醒', 'call reminder', 'callee', 'later'),
  callLater: info(11, '稍后再拨', 'call later', 'callee', 'later'),
  arrears: info(12, '欠费', 'in arrears', 'callee', 'later'),
  noAnswer: info(13, '无人应答', 'no answer', 'callee', 'later'),
  restricted: info(14, '呼叫限制', 'call restricted', 'callee', 'later'),
  other: info(15, '其他', 'other', 'callee', 'later'),
  cancelled: info(15, '其他', 'cancelled', 'local', 'later'),
  lineDown: info(15, '其他', 'line down', 'local', 'later'),
  lineFull: info(15, '其他', 'line full', 'local', 'later'),
  lineRateLimited: info(15, '其他', 'line rate limited', 'local', 'later'),
  lineError: info(15, '其他', 'line error', 'local', 'later'),
});

/** Facts about a result. @example callResultInfo('vacant').name // '空号' */
export function callResultInfo(result: CallResult): CallResultInfo {
  return CALL_RESULTS[result];
}

/** True for 空号 and 停机: the number is dead, redialing only wastes a line. */
export function isNeverRetryable(result: CallResult): boolean {
  return CALL_RESULTS[result].retry === 'never';
}

/**
 * True when the attempt says something about the number and so counts against `total_fail_recall_times`;
 * false when it never reached the carrier's verdict (cancelled, line down/full/limited/error).
 */
export function countsAsAttempt(result: CallResult): boolean {
  return CALL_RESULTS[result].family !== 'local';
}

/**
 * End reasons an operator can choose for redial, in the order `/config` lists them (§3.11, then §4.6, then the
 * two 6.5 statuses §4.6 omits, 其他 last).
 */
export const END_REASONS: readonly string[] = Object.freeze([
  '关机',
  '空号',
  '来电提醒',
  '稍后再拨',
  '停机',
  '无法接通',
  '正在通话中',
  '用户正忙',
  '用户拒接',
  '欠费',
  '无人应答',
  '暂停服务',
  '呼叫限制',
  '其他',
]);

/** The end-reason string recorded for a failed attempt (its 6.5 name). */
export function endReasonOf(result: FailureCause): string {
  return CALL_RESULTS[result].name;
}

/** Parsed `fail_recall_of_reason`. */
export interface EndReasonSet {
  /** Results whose end reason was listed. */
  readonly results: ReadonlySet<FailureCause>;
  /** Listed strings that are not end reasons (kept so the caller can report them). */
  readonly unknown: readonly string[];
}

/**
 * Parses a comma-separated `fail_recall_of_reason`. Liberal: accepts ASCII and full-width commas (，、) and
 * spaces. 其他 selects every result named 其他, including our-side failures.
 * @example parseEndReasons('关机,无人应答').results.has('noAnswer') // true
 */
export function parseEndReasons(text: string): EndReasonSet {
  const results = new Set<FailureCause>();
  const unknown: string[] = [];
  for (const raw of text.split(/[,，、\s]+/)) {
    const name = raw.trim();
    if (!name) continue;
    let matched = false;
    for (const [result, meta] of Object.entries(CALL_RESULTS) as [CallResult, CallResultInfo][]) {
      if (result !== 'answered' && meta.name === name) {
        results.add(result);
        matched = true;
      }
    }
    if (!matched) unknown.push(name);
  }
  return { results, unknown };
}

/** The failure named by a 6.5 code; our-side results are not reachable this way (code 15 → `other`). */
export function callResultFromCode(code: number): CallResult | undefined {
  for (const [result, meta] of Object.entries(CALL_RESULTS) as [CallResult, CallResultInfo][]) {
    if (meta.code === code) return result;
  }
  return undefined;
}
