import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateTime } from '../../lib/clock.js';
import { SHARED_ZONES, ZoneFormatter } from './zone-formatter.js';

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

describe('ZoneFormatter.of', () => {
  it('shares one formatter per zone, formatting as a new one does', () => {
    const shared = ZoneFormatter.of('America/New_York');
    assert.equal(ZoneFormatter.of('America/New_York'), shared);
    assert.notEqual(ZoneFormatter.of('Asia/Shanghai'), shared);
    const d = new Date(Date.UTC(2024, 2, 10, 7, 30)); // 03:30 EDT, half an hour after the change
    assert.equal(shared.format(d), new ZoneFormatter('America/New_York').format(d));
  });

  it('keeps a bounded number of zones, the oldest dropped first', () => {
    const first = ZoneFormatter.of('Etc/GMT-1');
    const others = Intl.supportedValuesOf('timeZone').filter((z) => z !== 'Etc/GMT-1');
    for (const zone of others.slice(0, SHARED_ZONES)) ZoneFormatter.of(zone);
    assert.notEqual(ZoneFormatter.of('Etc/GMT-1'), first);
    assert.equal(ZoneFormatter.of('Etc/GMT-1').format(new Date(0)), '1970-01-01 01:00:00');
  });
});
