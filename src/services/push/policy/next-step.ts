// What the delivery worker does after an attempt: nothing more, retry at a time, or dead-letter. Pure: the
// worker supplies the attempt history, the clock and the random source.
import type { SendResult } from '../../../clients/callback/callback-sender.js';
import { FailureClass, judgeAttempt, type AttemptVerdict } from './attempt-verdict.js';
import { PUSH_KINDS, type PushKind } from './push-kind.js';
import type { RetrySchedule, Rng } from './retry-schedule.js';

export type NextStep =
  | { action: 'done' }
  | { action: 'retry'; at: Date; failureClass: FailureClass; reason: string }
  | { action: 'dead'; failureClass: FailureClass; reason: string };

export interface AttemptContext {
  /** 1-based number of the attempt just made. */
  attempt: number;
  firstAttemptAt: Date;
  now: Date;
  rng?: Rng;
  /** From the receiver's Retry-After (429/503). */
  retryAfterSeconds?: number;
}

/**
 * Next step for a push of `kind` after an attempt judged `verdict`.
 * @example decideNextStep('call_record', verdict, retrySchedule(tenant.retry), { attempt: 1, firstAttemptAt, now })
 */
export function decideNextStep(
  kind: PushKind,
  verdict: AttemptVerdict,
  schedule: RetrySchedule,
  ctx: AttemptContext,
): NextStep {
  if (verdict.outcome === 'acknowledged') return { action: 'done' };
  const { failureClass, reason } = verdict;
  if (!PUSH_KINDS[kind].retries) {
    return { action: 'dead', failureClass, reason: `not retried (${kind}): ${reason}` };
  }
  switch (failureClass) {
    case FailureClass.Permanent:
      return { action: 'dead', failureClass, reason };
    case FailureClass.RetryLimited:
      if (ctx.attempt >= schedule.policy.minAttempts) {
        return { action: 'dead', failureClass, reason: `gave up after ${ctx.attempt} attempts: ${reason}` };
      }
      break;
    case FailureClass.Retry:
      break;
  }
  const notBefore =
    ctx.retryAfterSeconds === undefined
      ? undefined
      : new Date(ctx.now.getTime() + ctx.retryAfterSeconds * 1000);
  const at = schedule.nextAttemptAt(ctx.attempt, ctx.firstAttemptAt, ctx.now, ctx.rng, notBefore);
  if (at === 'dead') {
    const hours = schedule.policy.maxAgeHours;
    return {
      action: 'dead',
      failureClass,
      reason: `retry window of ${hours} h over after ${ctx.attempt} attempts: ${reason}`,
    };
  }
  return { action: 'retry', at, failureClass, reason };
}

/**
 * judgeAttempt + decideNextStep for a sender result (Retry-After taken from the result).
 * @example const step = planAfterSend('call_record', await sender.send(req), schedule, { attempt, firstAttemptAt, now });
 */
export function planAfterSend(
  kind: PushKind,
  result: SendResult,
  schedule: RetrySchedule,
  ctx: Omit<AttemptContext, 'retryAfterSeconds'>,
): { verdict: AttemptVerdict; step: NextStep } {
  const verdict = judgeAttempt(kind, result);
  const step = decideNextStep(kind, verdict, schedule, {
    ...ctx,
    retryAfterSeconds: result.retryAfterSeconds,
  });
  return { verdict, step };
}
