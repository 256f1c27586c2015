import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frequencyReleaseAt, longestWindowMs, readFrequencyCaps } from './frequency-caps.js';

const now = new Date('2025-01-06T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('frequency caps', () => {
  it('reads valid caps and ignores malformed ones', () => {
    assert.deepEqual(
      readFrequencyCaps({
        dial_frequency: [{ hours: 24, max: 1 }, { hours: 0, max: 1 }, { hours: 720, max: '3' }, 'x'],
      }),
      [
        { hours: 24, max: 1 },
        { hours: 720, max: 3 },
      ],
    );
    assert.deepEqual(readFrequencyCaps({}), []);
    assert.equal(
      longestWindowMs([
        { hours: 24, max: 1 },
        { hours: 2, max: 1 },
      ]),
      24 * 3_600_000,
    );
  });

  it('allows a call while every cap has room', () => {
    assert.equal(frequencyReleaseAt([{ hours: 24, max: 2 }], [hoursAgo(1)], now), undefined);
    assert.equal(frequencyReleaseAt([{ hours: 24, max: 1 }], [hoursAgo(25)], now), undefined);
  });

  it('releases when enough calls have left the tightest window', () => {
    const caps = [
      { hours: 24, max: 1 },
      { hours: 72, max: 2 },
    ];
    // 24 h cap: the call 2 h ago leaves at +22 h; 72 h cap: 2 calls in window, the 2nd newest (50 h ago) leaves at +22 h.
    assert.deepEqual(
      frequencyReleaseAt(caps, [hoursAgo(2), hoursAgo(50)], now),
      new Date(now.getTime() + 22 * 3_600_000),
    );
    assert.deepEqual(
      frequencyReleaseAt(caps, [hoursAgo(30), hoursAgo(40)], now),
      new Date(now.getTime() + 32 * 3_600_000),
    );
  });
});
