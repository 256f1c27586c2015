import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateWindow } from './rate-window.js';

const t = (ms: number) => new Date(ms);

describe('RateWindow', () => {
  it('holds the limit over any 1 s window (half-open, like the carrier)', () => {
    const w = new RateWindow(2);
    w.record(t(0));
    w.record(t(500));
    assert.equal(w.available(t(999)), 0);
    assert.equal(w.available(t(1000)), 1, 'the call at 0 left (now − 1 s, now]');
    assert.equal(w.count(t(1500)), 0);
  });

  it('builds no burst credit while idle or across a jump', () => {
    const w = new RateWindow(5);
    assert.equal(w.available(t(10_000_000)), 5);
  });

  it('is unlimited without a limit and paces limits below 1/s', () => {
    assert.equal(new RateWindow(undefined).available(t(0)), Infinity);
    const slow = new RateWindow(0.5);
    slow.record(t(0));
    assert.equal(slow.available(t(1500)), 0);
    assert.equal(slow.available(t(2000)), 1);
    assert.equal(slow.count(t(1500)), 0, 'current calls per second');
  });
});
