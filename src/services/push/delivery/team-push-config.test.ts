import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retrySchedule } from '../policy/retry-schedule.js';
import { TeamPushConfigCache, type TeamPushConfig } from './team-push-config.js';

describe(TeamPushConfigCache.name, () => {
  let now = 0;
  const config = (secret: string): TeamPushConfig => ({ secrets: [secret], schedule: retrySchedule() });

  it('loads once per team within the TTL and shares concurrent loads', async () => {
    let loads = 0;
    const sut = new TeamPushConfigCache(
      (team) => Promise.resolve(config(`${team}-${++loads}`)),
      1000,
      () => now,
    );
    const [a, b] = await Promise.all([sut.get('1'), sut.get('1')]);
    assert.equal(a, b);
    assert.equal(loads, 1);
    now = 999;
    assert.deepEqual((await sut.get('1')).secrets, ['1-1']);
    now = 1000;
    assert.deepEqual((await sut.get('1')).secrets, ['1-2']);
    sut.invalidate('1');
    assert.deepEqual((await sut.get('1')).secrets, ['1-3']);
    assert.deepEqual((await sut.get('2')).secrets, ['2-4']);
  });

  it('does not cache a failed load', async () => {
    let fail = true;
    const sut = new TeamPushConfigCache(
      () => (fail ? Promise.reject(new Error('db down')) : Promise.resolve(config('ok'))),
      1000,
      () => now,
    );
    await assert.rejects(sut.get('7'), /db down/);
    fail = false;
    assert.deepEqual((await sut.get('7')).secrets, ['ok']);
  });
});
