import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy, retrySchedule } from './retry-schedule.js';

const T0 = new Date('2025-04-14T02:20:50Z');
const plus = (ms: number, from = T0) => new Date(from.getTime() + ms);
const HOUR = 3_600_000;
const fixed = (v: number) => () => v;

void describe(resolveRetryPolicy.name, () => {
  void it('defaults to a 24 h window with at least 4 attempts', () => {
    assert.deepEqual(resolveRetryPolicy(), DEFAULT_RETRY_POLICY);
    assert.equal(DEFAULT_RETRY_POLICY.maxAgeHours >= 24, true);
    assert.equal(DEFAULT_RETRY_POLICY.minAttempts, 4);
  });
  void it('clamps tenant values and ignores non-numbers', () => {
    const p = resolveRetryPolicy({
      baseSeconds: 0,
      factor: 50,
      maxDelaySeconds: Number.NaN,
      maxAgeHours: 10_000,
      minAttempts: 2,
    });
    assert.deepEqual(p, {
      baseSeconds: 1,
      factor: 10,
      maxDelaySeconds: 3600,
      maxAgeHours: 720,
      minAttempts: 4,
    });
    assert.equal(resolveRetryPolicy({ baseSeconds: 600, maxDelaySeconds: 60 }).maxDelaySeconds, 600);
    assert.equal(resolveRetryPolicy({ minAttempts: 6.7 }).minAttempts, 6);
  });
});

void describe(retrySchedule.name, () => {
  const sut = retrySchedule({
    baseSeconds: 10,
    factor: 2,
    maxDelaySeconds: 300,
    maxAgeHours: 24,
    minAttempts: 4,
  });

  void it('grows the jitter bound exponentially up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 20].map((n) => sut.delayBoundMs(n)),
      [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000],
    );
  });
  void it('draws the delay uniformly below the bound (full jitter)', () => {
    const now = plus(60_000);
    assert.deepEqual(sut.nextAttemptAt(1, T0, now, fixed(0.5)), plus(5_000, now));
    assert.deepEqual(sut.nextAttemptAt(3, T0, now, fixed(0.25)), plus(10_000, now));
    assert.deepEqual(sut.nextAttemptAt(9, T0, now, fixed(0.999)), plus(299_700, now));
  });
  void it('never schedules sooner than one second', () => {
    const now = plus(1);
    assert.deepEqual(sut.nextAttemptAt(1, T0, now, fixed(0)), plus(1000, now));
  });
  void it('dead-letters after the window once enough attempts were made', () => {
    assert.equal(sut.nextAttemptAt(4, T0, plus(24 * HOUR), fixed(0.5)), 'dead');
    assert.equal(sut.nextAttemptAt(40, T0, plus(25 * HOUR), fixed(0.5)), 'dead');
  });
  void it('pulls the last retry in to the deadline instead of skipping it', () => {
    const now = plus(24 * HOUR - 10_000);
    assert.deepEqual(sut.nextAttemptAt(30, T0, now, fixed(0.9)), plus(24 * HOUR));
  });
  void it('makes at least minAttempts attempts even when the window is already over', () => {
    const short = retrySchedule({ maxAgeHours: 1, minAttempts: 5, baseSeconds: 10 });
    const late = plus(3 * HOUR);
    assert.deepEqual(short.nextAttemptAt(1, T0, late, fixed(0.5)), plus(5_000, late));
    assert.deepEqual(short.nextAttemptAt(4, T0, late, fixed(0.5)), plus(40_000, late));
    assert.equal(short.nextAttemptAt(5, T0, late, fixed(0.5)), 'dead');
  });
  void it('honours a Retry-After up to one maximal delay', () => {
    const now = plus(60_000);
    assert.deepEqual(sut.nextAttemptAt(1, T0, now, fixed(0.5), plus(120_000, now)), plus(120_000, now));
    assert.deepEqual(sut.nextAttemptAt(1, T0, now, fixed(0.5), plus(10 * HOUR, now)), plus(300_000, now));
    assert.deepEqual(sut.nextAttemptAt(1, T0, now, fixed(0.5), plus(1_000, now)), plus(5_000, now));
  });
  void it('spreads a deterministic sequence over the day with the defaults', () => {
    const schedule = retrySchedule();
    let state = 42;
    const rng = () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state / 2 ** 31);
    let now = T0;
    let attempt = 1;
    for (;;) {
      const next = schedule.nextAttemptAt(attempt, T0, now, rng);
      if (next === 'dead') break;
      assert.ok(next > now && next.getTime() <= T0.getTime() + 24 * HOUR);
      now = next;
      attempt++;
    }
    assert.ok(attempt >= 30 && attempt <= 80, `attempts: ${attempt}`);
    assert.equal(now.getTime(), T0.getTime() + 24 * HOUR);
  });
  void it('rejects attempt numbers below 1', () => {
    assert.throws(() => sut.nextAttemptAt(0, T0, T0, fixed(0.5)), RangeError);
  });
});
