import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../lib/app-error.js';
import { formatDateTime } from '../../lib/clock.js';
import { createdWindow, todayWindow } from './time-window.js';

const TZ = 'Asia/Shanghai';
const fmt = (d: Date | undefined) => (d ? formatDateTime(d, TZ) : undefined);

describe('createdWindow', () => {
  // 2024-10-08 23:30 in Shanghai is 15:30 UTC: "today" must follow the team's zone, not UTC.
  const now = new Date('2024-10-08T15:30:00Z');

  it('is today in the team zone when both bounds are empty', () => {
    const w = createdWindow('', undefined, now, TZ);
    assert.equal(fmt(w.from), '2024-10-08 00:00:00');
    assert.equal(fmt(w.to), '2024-10-09 00:00:00');
  });

  it('follows another zone for another team', () => {
    const w = todayWindow(now, 'UTC');
    assert.equal(w.from.toISOString(), '2024-10-08T00:00:00.000Z');
  });

  it('makes a date-only end inclusive of that day and a date-time end inclusive of its second', () => {
    const day = createdWindow('2024-10-01', '2024-10-31', now, TZ);
    assert.equal(fmt(day.from), '2024-10-01 00:00:00');
    assert.equal(fmt(day.to), '2024-11-01 00:00:00');
    const exact = createdWindow('2024-10-01 08:00:00', '2024-10-08 23:59:59', now, TZ);
    assert.equal(fmt(exact.to), '2024-10-09 00:00:00');
  });

  it('leaves the missing bound open when only one is given', () => {
    const w = createdWindow('2024-01-01', '', now, TZ);
    assert.equal(w.to, undefined);
    assert.equal(fmt(w.from), '2024-01-01 00:00:00');
  });

  it('rejects malformed dates with a message naming the field', () => {
    assert.throws(
      () => createdWindow('yesterday', '', now, TZ),
      (e: unknown) => e instanceof AppError && e.code === 20002 && e.message.includes('start_create_at'),
    );
  });
});
