// What one finished attempt does to its number and its task's counters (compat-notes "Dialer: attempts and
// counters"). Pure: the hang-up transaction applies the answer.
import {
  CALL_RESULTS,
  countsAsAttempt,
  endReasonOf,
  isNeverRetryable,
  parseEndReasons,
  type CallResult,
} from '../../telephony/call-result.js';
import { NumberStatus } from '../task/task-status.js';

/** `tasks.fail_recall`: automatic redial of failed numbers (5.7.x `is_auto_fail_recall` and friends, 5.5). */
export interface FailRecallSettings {
  readonly enabled: boolean;
  /** Redials allowed after the first call (`total_fail_recall_times`). */
  readonly times: number;
  /** Minutes between attempts (`fail_recall_interval`). */
  readonly interval: number;
  /** §4.6 end reasons that are redialed (`fail_recall_of_reason`). */
  readonly reasons: readonly string[];
}

/**
 * How an attempt ended: a call result, or `unknown` for an attempt whose dialer died before it was finished
 * (a claim found with its lease expired: it may have been dialed, nobody knows how it went).
 */
export type AttemptResult = CallResult | 'unknown';

/** Line faults wait this long before the number is offered again (the line is judged separately). */
export const LINE_FAULT_RETRY_MS = 60_000;
/** A refusal for capacity or rate (the line was busy, not broken) is retried sooner. */
export const LINE_BUSY_RETRY_MS = 5_000;

/** The change to one number and to its task's counters. */
export interface NumberChange {
  readonly status: number;
  readonly attemptsInc: 0 | 1;
  readonly nextAttemptAt: Date | null;
  /** `task_numbers.last_result`: 'answered' or the §4.6 end reason. */
  readonly lastResult: string;
  /** False for our-side failures (line down/full/error, cancelled): no call reached the number. */
  readonly writesRecord: boolean;
  readonly counters: TaskCounterDelta;
}

export interface TaskCounterDelta {
  /** Numbers dialed at least once (the first counted attempt). */
  readonly send: number;
  /** Numbers whose final attempt was answered. */
  readonly success: number;
  /** Numbers finally failed (not answered, no redial left). */
  readonly fail: number;
  /** Numbers stopped without a call (DND at dial time). */
  readonly stops: number;
}

const ZERO: TaskCounterDelta = { send: 0, success: 0, fail: 0, stops: 0 };

/** The §4.6 end reason recorded for an attempt result. */
export function lastResultOf(result: AttemptResult): string {
  if (result === 'answered') return 'answered';
  return endReasonOf(result === 'unknown' ? 'other' : result);
}

/** The 6.5 code of an attempt result (15 其他 for `unknown`). */
export function resultCodeOf(result: AttemptResult): number {
  return CALL_RESULTS[result === 'unknown' ? 'other' : result].code;
}

/**
 * Decides a number's next state after an attempt.
 * - answered: done, counted as success;
 * - our side (line down/full/rate-limited/error, cancelled): back in the queue after a pause, the attempt does
 *   not count and nothing is recorded;
 * - 空号/停机: done, never redialed whatever the settings;
 * - other failures (and `unknown`, as 其他): redialed after `interval` minutes while the reason is selected
 *   and redials remain, else done and counted as a failure.
 * @param attemptsBefore counted attempts before this one
 * @example decideNumberChange('busy', 0, { enabled: true, times: 2, interval: 30, reasons: ['用户正忙'] }, now)
 */
export function decideNumberChange(
  result: AttemptResult,
  attemptsBefore: number,
  recall: FailRecallSettings,
  now: Date,
): NumberChange {
  const lastResult = lastResultOf(result);
  if (result !== 'unknown' && !countsAsAttempt(result)) {
    const busy = result === 'lineFull' || result === 'lineRateLimited';
    return {
      status: attemptsBefore === 0 ? NumberStatus.waiting : NumberStatus.recallWaiting,
      attemptsInc: 0,
      nextAttemptAt: new Date(now.getTime() + (busy ? LINE_BUSY_RETRY_MS : LINE_FAULT_RETRY_MS)),
      lastResult,
      writesRecord: false,
      counters: ZERO,
    };
  }
  const send = attemptsBefore === 0 ? 1 : 0;
  if (result === 'answered') {
    return done(lastResult, { ...ZERO, send, success: 1 });
  }
  const redialsUsed = attemptsBefore; // attempts before this one beyond the first = redials already made
  if (result !== 'unknown' && isNeverRetryable(result)) return done(lastResult, { ...ZERO, send, fail: 1 });
  if (recall.enabled && redialsUsed < recall.times && selects(recall, result)) {
    return {
      status: NumberStatus.recallWaiting,
      attemptsInc: 1,
      nextAttemptAt: new Date(now.getTime() + Math.max(0, recall.interval) * 60_000),
      lastResult,
      writesRecord: true,
      counters: { ...ZERO, send },
    };
  }
  return done(lastResult, { ...ZERO, send, fail: 1 });
}

function done(lastResult: string, counters: TaskCounterDelta): NumberChange {
  return {
    status: NumberStatus.done,
    attemptsInc: 1,
    nextAttemptAt: null,
    lastResult,
    writesRecord: true,
    counters,
  };
}

const reasonCache = new Map<string, ReturnType<typeof parseEndReasons>>();

function selects(recall: FailRecallSettings, result: Exclude<AttemptResult, 'answered'>): boolean {
  const key = recall.reasons.join(',');
  let parsed = reasonCache.get(key);
  if (!parsed) {
    parsed = parseEndReasons(key);
    if (reasonCache.size > 1000) reasonCache.clear();
    reasonCache.set(key, parsed);
  }
  return parsed.results.has(result === 'unknown' ? 'other' : result);
}

/** Reads a stored `fail_recall` value defensively (older rows, hand edits). */
export function readFailRecall(value: unknown): FailRecallSettings {
  const v = (value ?? {}) as Partial<Record<keyof FailRecallSettings, unknown>>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : Number(x) || 0);
  const reasons = Array.isArray(v.reasons)
    ? v.reasons.filter((r): r is string => typeof r === 'string')
    : typeof v.reasons === 'string'
      ? v.reasons.split(/[,，、\s]+/).filter(Boolean)
      : [];
  return {
    enabled: v.enabled === true || v.enabled === 1 || v.enabled === '1',
    times: Math.max(0, Math.floor(num(v.times))),
    interval: Math.max(0, num(v.interval)),
    reasons,
  };
}
