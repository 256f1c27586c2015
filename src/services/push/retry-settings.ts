// A tenant's retry schedule lives in teams.settings.push_retry as overrides of the policy defaults
// (policy/retry-schedule.ts); absent or non-numeric fields fall back to the defaults, out-of-range ones are clamped.
import type { RetryPolicy } from './policy/retry-schedule.js';

export const RETRY_SETTINGS_KEY = 'push_retry';

const FIELDS = ['baseSeconds', 'factor', 'maxDelaySeconds', 'maxAgeHours', 'minAttempts'] as const;

/**
 * The overrides stored in a team's settings.
 * @example retryOverridesOf({ push_retry: { baseSeconds: 1, factor: 'x' } }) // { baseSeconds: 1 }
 */
export function retryOverridesOf(settings: Record<string, unknown>): Partial<RetryPolicy> {
  const raw = settings[RETRY_SETTINGS_KEY];
  if (raw === null || typeof raw !== 'object') return {};
  const out: Partial<Record<keyof RetryPolicy, number>> = {};
  for (const field of FIELDS) {
    const v = (raw as Record<string, unknown>)[field];
    if (typeof v === 'number' && Number.isFinite(v)) out[field] = v;
  }
  return out;
}
