import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from './logger.js';
import { PeriodicPass } from './periodic-pass.js';
import { VirtualClock } from './virtual-clock.js';

const tick = () => new Promise((r) => setImmediate(r));

describe(PeriodicPass.name, () => {
  it('runs a pass every period and keeps going after a pass throws', async () => {
    const clock = new VirtualClock(0);
    let calls = 0;
    const pass = () => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error('database down')) : Promise.resolve(1);
    };
    const errors: unknown[] = [];
    const log = { ...silentLogger, error: (o: object) => void errors.push(o), child: () => log };
    const sut = new PeriodicPass({ pass, handled: 'things done', everyMs: 60_000, timers: clock, log });
    sut.start();
    sut.start(); // idempotent: one loop only
    await tick();
    assert.equal(calls, 1);
    for (let i = 0; i < 3; i++) {
      await clock.advance(60_000);
      await tick();
    }
    assert.equal(calls, 4);
    assert.equal(errors.length, 1);
    await sut.stop();
    await sut.stop();
    await clock.advance(600_000);
    await tick();
    assert.equal(calls, 4, 'no pass after stop');
  });
});
