import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryOverridesOf } from './retry-settings.js';

describe(retryOverridesOf.name, () => {
  it('keeps numeric fields only', () => {
    assert.deepEqual(
      retryOverridesOf({
        push_retry: { baseSeconds: 1, factor: '3', minAttempts: 5, other: 9, maxAgeHours: NaN },
      }),
      { baseSeconds: 1, minAttempts: 5 },
    );
  });
  it('is empty when nothing usable is stored', () => {
    assert.deepEqual(retryOverridesOf({}), {});
    assert.deepEqual(retryOverridesOf({ push_retry: 'fast' }), {});
    assert.deepEqual(retryOverridesOf({ push_retry: null }), {});
  });
});
