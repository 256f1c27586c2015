import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SendResult } from '../../../clients/callback/callback-sender.js';
import { decideNextStep, planAfterSend } from './next-step.js';
import { retrySchedule } from './retry-schedule.js';

const T0 = new Date('2025-04-14T02:20:50Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const schedule = retrySchedule({ baseSeconds: 10, minAttempts: 4, maxAgeHours: 24 });
const half = () => 0.5;
const ok = (status: number, bodySnippet: string, extra: Partial<SendResult> = {}): SendResult => ({
  status,
  bodySnippet,
  bodyBytes: bodySnippet.length,
  latencyMs: 3,
  queuedMs: 0,
  ...extra,
});

void describe(decideNextStep.name, () => {
  void it('is done once acknowledged', () => {
    assert.deepEqual(
      decideNextStep('call_record', { outcome: 'acknowledged' }, schedule, {
        attempt: 1,
        firstAttemptAt: T0,
        now: T0,
      }),
      {
        action: 'done',
      },
    );
  });
  void it('dead-letters permanent failures at once', () => {
    const step = decideNextStep(
      'call_record',
      { outcome: 'failed', failureClass: 'permanent', reason: 'ssrf: x' },
      schedule,
      {
        attempt: 1,
        firstAttemptAt: T0,
        now: T0,
      },
    );
    assert.deepEqual(step, { action: 'dead', failureClass: 'permanent', reason: 'ssrf: x' });
  });
  void it('gives a wrong answer the reference three retries, then dead-letters it', () => {
    const verdict = {
      outcome: 'failed',
      failureClass: 'retry_limited',
      reason: 'HTTP 200 without SUCCESS',
    } as const;
    const ctx = (attempt: number) => ({ attempt, firstAttemptAt: T0, now: at(attempt * 1000), rng: half });
    for (const attempt of [1, 2, 3]) {
      assert.equal(decideNextStep('call_record', verdict, schedule, ctx(attempt)).action, 'retry');
    }
    const last = decideNextStep('call_record', verdict, schedule, ctx(4));
    assert.equal(last.action, 'dead');
    assert.match(last.action === 'dead' ? last.reason : '', /after 4 attempts/);
  });
  void it('keeps retrying outages until the window closes', () => {
    const verdict = { outcome: 'failed', failureClass: 'retry', reason: 'timeout: t' } as const;
    const step = decideNextStep('call_record', verdict, schedule, {
      attempt: 12,
      firstAttemptAt: T0,
      now: at(3_600_000),
      rng: half,
    });
    assert.equal(step.action, 'retry');
    const late = decideNextStep('call_record', verdict, schedule, {
      attempt: 50,
      firstAttemptAt: T0,
      now: at(86_400_000),
      rng: half,
    });
    assert.equal(late.action, 'dead');
  });
  void it('never retries a push test', () => {
    const verdict = { outcome: 'failed', failureClass: 'retry', reason: 'connect: refused' } as const;
    const step = decideNextStep('test', verdict, schedule, { attempt: 1, firstAttemptAt: T0, now: T0 });
    assert.equal(step.action, 'dead');
  });
});

void describe(planAfterSend.name, () => {
  void it('judges the result and applies its Retry-After', () => {
    const { verdict, step } = planAfterSend(
      'call_record',
      ok(429, 'busy', { retryAfterSeconds: 60 }),
      schedule,
      {
        attempt: 1,
        firstAttemptAt: T0,
        now: T0,
        rng: half,
      },
    );
    assert.equal(verdict.outcome, 'failed');
    assert.deepEqual(step, { action: 'retry', at: at(60_000), failureClass: 'retry', reason: 'HTTP 429' });
  });
  void it('is done for a SUCCESS', () => {
    const { step } = planAfterSend('call_record', ok(200, 'SUCCESS'), schedule, {
      attempt: 1,
      firstAttemptAt: T0,
      now: T0,
    });
    assert.deepEqual(step, { action: 'done' });
  });
});
