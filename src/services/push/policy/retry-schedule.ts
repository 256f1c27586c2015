/*
 * ## Push retry schedule
 *
 * Exponential backoff with full jitter: after the n-th failed attempt the next one waits
 * `random(0, min(maxDelaySeconds, baseSeconds × factor^(n−1)))` seconds (at least 1 s), so receivers that come
 * back after an outage are not hit by every queued event at the same instant. Retries continue until
 * `maxAgeHours` after the first attempt (the last retry is pulled in to that deadline rather than skipped), but
 * never fewer than `minAttempts` attempts in total, whatever the age: the reference retries 6.6.1 pushes 3 times,
 * so 4 attempts (1 + 3) is the floor. Per-tenant values are clamped to the limits below.
 *
 * Defaults: base 30 s, factor 2, delay cap 1 h, window 24 h, at least 4 attempts — about 50 attempts over a day
 * for a receiver that stays down.
 */

export interface RetryPolicy {
  /** Upper bound of the first retry delay (seconds). */
  readonly baseSeconds: number;
  /** Growth of the delay bound per attempt. */
  readonly factor: number;
  /** Largest delay bound (seconds). */
  readonly maxDelaySeconds: number;
  /** Retry window measured from the first attempt (hours); afterwards the event is dead-lettered. */
  readonly maxAgeHours: number;
  /** Minimum total attempts (first attempt included) before an event may be dead-lettered. */
  readonly minAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseSeconds: 30,
  factor: 2,
  maxDelaySeconds: 3600,
  maxAgeHours: 24,
  minAttempts: 4,
});

/** Accepted range of each per-tenant setting; values outside are clamped, non-numbers fall back to the default. */
export const RETRY_POLICY_LIMITS: Readonly<Record<keyof RetryPolicy, readonly [min: number, max: number]>> = {
  baseSeconds: [1, 3600],
  factor: [1, 10],
  maxDelaySeconds: [1, 86_400],
  maxAgeHours: [1, 720],
  minAttempts: [4, 100],
};

/** Shortest delay between two attempts, so a jitter draw near 0 cannot make a hot loop. */
export const MIN_RETRY_DELAY_MS = 1000;

/** Random source in [0, 1); injected for deterministic tests. */
export type Rng = () => number;

const clamp = (key: keyof RetryPolicy, value: number | undefined): number => {
  const [min, max] = RETRY_POLICY_LIMITS[key];
  const v = value === undefined || !Number.isFinite(value) ? DEFAULT_RETRY_POLICY[key] : value;
  const bounded = Math.min(max, Math.max(min, v));
  return key === 'minAttempts' ? Math.floor(bounded) : bounded;
};

/**
 * A tenant's policy: its overrides on top of the defaults, clamped to RETRY_POLICY_LIMITS.
 * @example resolveRetryPolicy({ maxAgeHours: 48 }).minAttempts // 4
 */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const baseSeconds = clamp('baseSeconds', overrides.baseSeconds);
  return Object.freeze({
    baseSeconds,
    factor: clamp('factor', overrides.factor),
    maxDelaySeconds: Math.max(baseSeconds, clamp('maxDelaySeconds', overrides.maxDelaySeconds)),
    maxAgeHours: clamp('maxAgeHours', overrides.maxAgeHours),
    minAttempts: clamp('minAttempts', overrides.minAttempts),
  });
}

export interface RetrySchedule {
  readonly policy: RetryPolicy;
  /**
   * When to make attempt `attempt + 1`, after attempt number `attempt` (1-based) failed at `now`; `'dead'` when
   * the window is over and at least minAttempts were made. `notBefore` (e.g. from Retry-After) delays the draw.
   */
  nextAttemptAt(attempt: number, firstAttemptAt: Date, now: Date, rng?: Rng, notBefore?: Date): Date | 'dead';
  /** Upper bound of the jittered delay after attempt `attempt` (ms), before the 1 s floor. */
  delayBoundMs(attempt: number): number;
}

/**
 * The retry schedule of a policy (see the rule above).
 * @example retrySchedule({ baseSeconds: 10 }).nextAttemptAt(1, first, now, () => 0.5) // now + 5 s
 */
export function retrySchedule(overrides: Partial<RetryPolicy> = {}): RetrySchedule {
  const policy = resolveRetryPolicy(overrides);
  const delayBoundMs = (attempt: number): number =>
    Math.min(policy.maxDelaySeconds, policy.baseSeconds * policy.factor ** (attempt - 1)) * 1000;
  return {
    policy,
    delayBoundMs,
    nextAttemptAt(attempt, firstAttemptAt, now, rng = Math.random, notBefore) {
      if (!Number.isInteger(attempt) || attempt < 1) {
        throw new RangeError(`attempt must be ≥ 1, got ${attempt}`);
      }
      const deadline = firstAttemptAt.getTime() + policy.maxAgeHours * 3_600_000;
      const mayDie = attempt >= policy.minAttempts;
      if (mayDie && now.getTime() >= deadline) return 'dead';
      const jittered = Math.max(MIN_RETRY_DELAY_MS, Math.floor(rng() * delayBoundMs(attempt)));
      // A receiver's Retry-After is respected, but never beyond one maximal delay.
      const floor = notBefore
        ? Math.min(notBefore.getTime(), now.getTime() + policy.maxDelaySeconds * 1000)
        : 0;
      let at = Math.max(now.getTime() + jittered, floor);
      if (mayDie && at > deadline) at = deadline;
      return new Date(at);
    },
  };
}
