import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateTime } from '../../lib/clock.js';
import { ZoneFormatter } from './zone-formatter.js';

describe(ZoneFormatter.name, () => {
  const zones = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

  it('matches formatDateTime across DST changes and odd offsets', () => {
    // A year of instants every ≈37 min, including fractional seconds and both sides of every DST change.
    for (const zone of zones) {
      const sut = new ZoneFormatter(zone);
      const from = Date.UTC(2024, 0, 1);
      for (let ms = from; ms < from + 366 * 86_400_000; ms += 2_213_500) {
        const d = new Date(ms);
        assert.equal(sut.format(d), formatDateTime(d, zone), `${zone} ${d.toISOString()}`);
      }
    }
  });

  it('is exact in the minutes around a DST change at a half hour (Lord Howe, +10:30 → +11 at 15:30 UTC)', () => {
    const sut = new ZoneFormatter('Australia/Lord_Howe');
    const change = Date.UTC(2024, 9, 5, 15, 30); // 2024-10-06 02:00 local → 02:30
    for (let ms = change - 3_600_000; ms < change + 3_600_000; ms += 1000 * 59) {
      const d = new Date(ms);
      assert.equal(sut.format(d), formatDateTime(d, 'Australia/Lord_Howe'));
    }
  });

  it('keeps null for unset times', () => {
    const sut = new ZoneFormatter('Asia/Shanghai');
    assert.equal(sut.formatOrNull(null), null);
    assert.equal(sut.formatOrNull(new Date(0)), '1970-01-01 08:00:00');
  });
});
