/*
 * ## Push failure classes (what happens after a failed attempt)
 *
 * - `retry` — the receiver is down, overloaded or unreachable; it will likely recover by itself, so retry with
 *   backoff for the whole retry window (maxAgeHours, default 24 h): timeouts, connection errors (refused, reset,
 *   unreachable, TLS), DNS failures, unexpected errors, HTTP 5xx, 408, 425 and 429 (honouring `Retry-After`).
 * - `retry_limited` — the receiver is up but answered wrongly: 2xx without the required `SUCCESS` (call records),
 *   any other 4xx, a 3xx redirect (never followed: a customer's redirect to an internal address would bypass the
 *   SSRF guard, and a POST redirect is ambiguous), or a response body over the cap. Retried only up to
 *   minAttempts in total (default 4 = the first attempt plus the reference's 3 retries, 6.6.1) and then
 *   dead-lettered. Retrying such a receiver for a day would send ~50 copies of every event to an endpoint that
 *   is demonstrably answering; the reference itself gives up after 3 retries whatever the answer.
 * - `permanent` — nothing was sent and retrying cannot change that: the destination is private/reserved and not
 *   allow-listed (SSRF refusal), or the URL is unusable. Dead-lettered at once.
 *
 * Dead-lettered events are never deleted: they stay visible in the push log and can be resent manually (one or in
 * bulk) once the receiver or the URL is fixed; the resend keeps the same `X-Aicall-Event-Id`.
 */
import type { SendResult } from '../../../clients/callback/callback-sender.js';
import { SendErrorKind } from '../../../clients/callback/send-failure.js';
import { acknowledgedByStatusAlone, isAcknowledged } from './acknowledgement.js';
import type { PushKind } from './push-kind.js';

export const FailureClass = {
  Retry: 'retry',
  RetryLimited: 'retry_limited',
  Permanent: 'permanent',
} as const;
export type FailureClass = (typeof FailureClass)[keyof typeof FailureClass];

export type AttemptVerdict =
  { outcome: 'acknowledged' } | { outcome: 'failed'; failureClass: FailureClass; reason: string };

const failed = (failureClass: FailureClass, reason: string): AttemptVerdict => ({
  outcome: 'failed',
  failureClass,
  reason,
});

/** Class of an attempt that ended in an HTTP status without a transport error and was not acknowledged. */
export function classifyStatus(status: number): FailureClass {
  if (status >= 500 || status === 408 || status === 425 || status === 429) return FailureClass.Retry;
  if (status >= 200 && status < 500) return FailureClass.RetryLimited;
  return FailureClass.Retry; // 1xx or out-of-range: treat as a broken exchange
}

/**
 * Judges one attempt of a push of `kind` from the sender's result.
 * @example judgeAttempt('call_record', { status: 200, bodySnippet: 'OK', … }) // failed, retry_limited
 */
export function judgeAttempt(kind: PushKind, result: SendResult): AttemptVerdict {
  const { status, error } = result;
  const statusAccepted = status >= 200 && status <= 299 && acknowledgedByStatusAlone(kind);
  if (error) {
    // For 2xx-acknowledged kinds the status line already says "accepted"; a body problem after it is not a failure.
    if (statusAccepted) return { outcome: 'acknowledged' };
    const reason = `${error.kind}: ${error.message}`;
    switch (error.kind) {
      case SendErrorKind.Timeout:
      case SendErrorKind.Connect:
      case SendErrorKind.Dns:
      case SendErrorKind.Other:
        return failed(FailureClass.Retry, reason);
      case SendErrorKind.Redirect:
      case SendErrorKind.TooLarge:
        return failed(FailureClass.RetryLimited, reason);
      case SendErrorKind.Ssrf:
      case SendErrorKind.InvalidUrl:
        return failed(FailureClass.Permanent, reason);
    }
  }
  if (isAcknowledged(kind, status, result.bodySnippet)) return { outcome: 'acknowledged' };
  const detail = status >= 200 && status <= 299 ? ' without SUCCESS' : '';
  return failed(classifyStatus(status), `HTTP ${status}${detail}`);
}
