import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SendResult } from '../../../clients/callback/callback-sender.js';
import type { ClaimedPushEvent } from '../../../repositories/push-event.repository.js';
import { attemptRow, eventResult, type FinishedAttempt } from './attempt-outcome.js';

const T0 = new Date('2025-04-14T02:20:50Z');
const T1 = new Date('2025-04-14T02:20:51Z');
const event: ClaimedPushEvent = {
  id: '42',
  team_id: '7',
  event_id: '3362e527-6c23-4484-b15e-fb860652eb5c',
  kind: 'call_record',
  order_key: '',
  target_url: 'http://127.0.0.1:9/hook',
  body: '{"id":1}',
  attempts: 2,
  cycle_base_attempts: 0,
  cycle_started_at: T0,
};
const result = (status: number, bodySnippet: string): SendResult => ({
  status,
  bodySnippet,
  bodyBytes: bodySnippet.length,
  latencyMs: 12,
  queuedMs: 0,
});
const finished = (r: SendResult, step: FinishedAttempt['step']): FinishedAttempt => ({
  event,
  attempt: 3,
  attemptedAt: T0,
  finishedAt: T1,
  result: r,
  verdict:
    step.action === 'done'
      ? { outcome: 'acknowledged' }
      : { outcome: 'failed', failureClass: 'retry', reason: 'x' },
  step,
});

describe(attemptRow.name, () => {
  it('records a delivered attempt without an error', () => {
    assert.deepEqual(attemptRow(finished(result(200, 'SUCCESS'), { action: 'done' })), {
      teamId: '7',
      pushEventId: '42',
      attempt: 3,
      attemptedAt: T0,
      url: 'http://127.0.0.1:9/hook',
      statusCode: 200,
      latencyMs: 12,
      responseSnippet: 'SUCCESS',
      error: null,
      outcome: 'delivered',
      nextAttemptAt: null,
    });
  });

  it('records the retry time, and no status when nothing answered', () => {
    const at = new Date('2025-04-14T02:21:00Z');
    const row = attemptRow(
      finished(result(0, ''), { action: 'retry', at, failureClass: 'retry', reason: 'connect: refused' }),
    );
    assert.equal(row.statusCode, null);
    assert.equal(row.outcome, 'retry');
    assert.equal(row.error, 'connect: refused');
    assert.equal(row.nextAttemptAt, at);
  });
});

describe(eventResult.name, () => {
  it('maps each step to the event state', () => {
    const at = new Date('2025-04-14T02:21:00Z');
    assert.deepEqual(eventResult(finished(result(200, 'SUCCESS'), { action: 'done' })), {
      id: '42',
      status: 'delivered',
      attempts: 3,
      nextAttemptAt: null,
      lastStatus: 200,
      lastError: null,
      deliveredAt: T1,
    });
    const retry = eventResult(
      finished(result(503, 'busy'), { action: 'retry', at, failureClass: 'retry', reason: 'HTTP 503' }),
    );
    assert.deepEqual([retry.status, retry.nextAttemptAt, retry.lastError], ['pending', at, 'HTTP 503']);
    const dead = eventResult(
      finished(result(404, ''), { action: 'dead', failureClass: 'retry_limited', reason: 'gave up' }),
    );
    assert.deepEqual([dead.status, dead.lastStatus, dead.deliveredAt], ['dead', 404, null]);
    const superseded = eventResult(finished(result(500, ''), { action: 'superseded', reason: 'newer' }));
    assert.equal(superseded.status, 'skipped');
  });
});
