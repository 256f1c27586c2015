// Turns one finished attempt (the sender's result and the policy's next step) into the two rows it leaves
// behind: a push-log entry and the event's new state. Pure, so the mapping is tested without a database.
import type { SendResult } from '../../../clients/callback/callback-sender.js';
import type { NewPushAttempt } from '../../../repositories/push-attempt.repository.js';
import type { ClaimedPushEvent, PushEventResult } from '../../../repositories/push-event.repository.js';
import type { AttemptVerdict } from '../policy/attempt-verdict.js';
import type { NextStep } from '../policy/next-step.js';

/** What the worker knows after an attempt; `superseded` = a newer snapshot of a latest-only kind exists. */
export type FinalStep = NextStep | { action: 'superseded'; reason: string };

export interface FinishedAttempt {
  event: ClaimedPushEvent;
  /** 1-based over the event's life. */
  attempt: number;
  attemptedAt: Date;
  finishedAt: Date;
  result: SendResult;
  verdict: AttemptVerdict;
  step: FinalStep;
}

export const SUPERSEDED_REASON = 'superseded by a newer snapshot';

/** Why an attempt did not count as delivered (null when it did). */
function failureOf(a: FinishedAttempt): string | null {
  switch (a.step.action) {
    case 'done':
      return null;
    case 'retry':
    case 'dead':
    case 'superseded':
      return a.step.reason;
  }
}

/** The push-log row of an attempt. */
export function attemptRow(a: FinishedAttempt): NewPushAttempt {
  const outcome =
    a.step.action === 'done' ? 'delivered' : a.step.action === 'superseded' ? 'superseded' : a.step.action;
  return {
    teamId: a.event.team_id,
    pushEventId: a.event.id,
    attempt: a.attempt,
    attemptedAt: a.attemptedAt,
    url: a.event.target_url,
    statusCode: a.result.status === 0 ? null : a.result.status,
    latencyMs: a.result.latencyMs,
    responseSnippet: a.result.bodySnippet,
    error: failureOf(a),
    outcome,
    nextAttemptAt: a.step.action === 'retry' ? a.step.at : null,
  };
}

/** The event's state after an attempt. */
export function eventResult(a: FinishedAttempt): PushEventResult {
  const base = {
    id: a.event.id,
    attempts: a.attempt,
    lastStatus: a.result.status === 0 ? null : a.result.status,
    lastError: failureOf(a),
    nextAttemptAt: null,
    deliveredAt: null,
  };
  switch (a.step.action) {
    case 'done':
      return { ...base, status: 'delivered', deliveredAt: a.finishedAt };
    case 'retry':
      return { ...base, status: 'pending', nextAttemptAt: a.step.at };
    case 'dead':
      return { ...base, status: 'dead' };
    case 'superseded':
      return { ...base, status: 'skipped' };
  }
}
