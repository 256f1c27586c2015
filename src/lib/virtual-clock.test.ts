import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock, systemTimers } from './virtual-clock.js';

const T0 = Date.UTC(2025, 0, 6, 1, 0, 0);

void describe(VirtualClock.name, () => {
  void it('starts at the given instant and only moves when advanced', async () => {
    const sut = new VirtualClock(new Date(T0));
    assert.equal(sut.now().getTime(), T0);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(sut.now().getTime(), T0);
    assert.equal(await sut.advance(1500), 0);
    assert.equal(sut.now().getTime(), T0 + 1500);
  });

  void it('fires due timers in time order, ties in the order they were set, each at its own instant', async () => {
    const sut = new VirtualClock(T0);
    const seen: string[] = [];
    const at = (label: string) => () => seen.push(`${label}@${sut.now().getTime() - T0}`);
    sut.setTimer(300, at('c'));
    sut.setTimer(100, at('a'));
    sut.setTimer(200, at('b1'));
    sut.setTimer(200, at('b2'));
    sut.setTimer(900, at('late'));
    assert.equal(await sut.advance(500), 4);
    assert.deepEqual(seen, ['a@100', 'b1@200', 'b2@200', 'c@300']);
    assert.equal(sut.now().getTime(), T0 + 500);
    assert.equal(sut.pending, 1);
    assert.equal(sut.nextAt()?.getTime(), T0 + 900);
  });

  void it('fires timers set by fired timers when they fall inside the window', async () => {
    const sut = new VirtualClock(T0);
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(sut.now().getTime() - T0);
      sut.setTimer(250, tick);
    };
    sut.setTimer(250, tick);
    await sut.advance(1000);
    assert.deepEqual(seen, [250, 500, 750, 1000]);
    assert.equal(sut.pending, 1);
    await sut.advance(249);
    assert.deepEqual(seen, [250, 500, 750, 1000]);
    await sut.advance(1);
    assert.deepEqual(seen, [250, 500, 750, 1000, 1250]);
  });

  void it('runs async code that awaits sleep() in a loop within a single advance', async () => {
    const sut = new VirtualClock(T0);
    const seen: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await sut.sleep(1000);
        await Promise.resolve();
        seen.push(sut.now().getTime() - T0);
      }
    };
    const done = loop();
    await sut.advance(3000);
    await done;
    assert.deepEqual(seen, [1000, 2000, 3000]);
  });

  void it('does not fire cancelled timers, and cancelling twice or after firing is harmless', async () => {
    const sut = new VirtualClock(T0);
    let fired = 0;
    const cancel = sut.setTimer(100, () => fired++);
    const fires = sut.setTimer(50, () => fired++);
    cancel();
    cancel();
    assert.equal(sut.pending, 1);
    await sut.advance(200);
    fires();
    assert.equal(fired, 1);
    assert.equal(sut.pending, 0);
  });

  void it('stays correct after many cancellations (heap compaction)', async () => {
    const sut = new VirtualClock(T0);
    const seen: number[] = [];
    const cancels = Array.from({ length: 5000 }, (_, i) => sut.setTimer(10 + i, () => seen.push(i)));
    cancels.forEach((cancel, i) => {
      if (i % 1000 !== 7) cancel();
    });
    assert.equal(sut.pending, 5);
    await sut.advance(10_000);
    assert.deepEqual(seen, [7, 1007, 2007, 3007, 4007]);
  });

  void it('treats negative and NaN delays as 0 and never fires an infinite one', async () => {
    const sut = new VirtualClock(T0);
    const seen: string[] = [];
    sut.setTimer(-5, () => seen.push('neg'));
    sut.setTimer(Number.NaN, () => seen.push('nan'));
    sut.setTimer(Infinity, () => seen.push('inf'));
    assert.equal(sut.pending, 2);
    await sut.advance(0);
    assert.deepEqual(seen, ['neg', 'nan']);
  });

  void it('never moves backwards', async () => {
    const sut = new VirtualClock(T0);
    await sut.runUntil(new Date(T0 - 60_000));
    assert.equal(sut.now().getTime(), T0);
    await sut.advance(-10);
    assert.equal(sut.now().getTime(), T0);
  });

  void it('runAll drains every timer, moving to the last one', async () => {
    const sut = new VirtualClock(T0);
    let n = 0;
    sut.setTimer(60_000, () => sut.setTimer(3_600_000, () => n++));
    assert.equal(await sut.runAll(), 2);
    assert.equal(n, 1);
    assert.equal(sut.now().getTime(), T0 + 3_660_000);
  });

  void it('runAll refuses to spin forever on a timer that re-arms itself', async () => {
    const sut = new VirtualClock(T0);
    const again = (): void => void sut.setTimer(1, again);
    again();
    await assert.rejects(sut.runAll(50), /more than 50 timers/);
  });

  void it('propagates a timer exception with the clock at that timer and later timers intact', async () => {
    const sut = new VirtualClock(T0);
    const seen: number[] = [];
    sut.setTimer(100, () => {
      throw new Error('boom');
    });
    sut.setTimer(200, () => seen.push(200));
    await assert.rejects(sut.advance(1000), /boom/);
    assert.equal(sut.now().getTime(), T0 + 100);
    await sut.advance(1000);
    assert.deepEqual(seen, [200]);
  });

  void it('refuses to be advanced from inside one of its own timers', async () => {
    const sut = new VirtualClock(T0);
    let inner: Promise<unknown> | undefined;
    sut.setTimer(10, () => {
      inner = sut.advance(10).catch((e: unknown) => Promise.reject(e as Error));
      inner.catch(() => undefined);
    });
    await sut.advance(20);
    assert.ok(inner);
    await assert.rejects(inner, /already being advanced/);
  });

  void it('sleep() rejects with the abort reason and leaves no timer behind', async () => {
    const sut = new VirtualClock(T0);
    const ac = new AbortController();
    const slept = sut.sleep(1000, ac.signal);
    assert.equal(sut.pending, 1);
    ac.abort(new Error('hung up'));
    await assert.rejects(slept, /hung up/);
    assert.equal(sut.pending, 0);
    await assert.rejects(sut.sleep(10, ac.signal), /hung up/);
  });

  void it('follows real time at speed ×N and refuses manual advancing meanwhile', async () => {
    const sut = new VirtualClock(T0);
    const stop = sut.startRealtime({ speed: 10_000 });
    try {
      await assert.rejects(sut.advance(10), /real time/);
      const before = sut.now().getTime();
      await sut.sleep(60_000); // a virtual minute, about 6 real milliseconds
      const after = sut.now().getTime();
      assert.ok(after >= T0 + 60_000, `now ${after - T0} ms after start`);
      assert.ok(after >= before);
    } finally {
      stop();
    }
    const frozen = sut.now().getTime();
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(sut.now().getTime(), frozen);
    await sut.advance(1);
    assert.equal(sut.now().getTime(), frozen + 1);
  });

  void it('in real time, fires timers in order, lets a 0 ms self-re-arming timer yield, and reports errors', async () => {
    const sut = new VirtualClock(T0);
    const errors: unknown[] = [];
    const seen: string[] = [];
    const stop = sut.startRealtime({ speed: 1000, onError: (e) => errors.push(e) });
    try {
      let spins = 0;
      const spun = new Promise<void>((resolve) => {
        const spin = (): void => {
          if (++spins < 5) sut.setTimer(0, spin);
          else resolve();
        };
        spin();
      });
      sut.setTimer(2000, () => seen.push('b'));
      sut.setTimer(1000, () => {
        seen.push('a');
        throw new Error('listener bug');
      });
      await Promise.all([spun, sut.sleep(3000)]);
      assert.deepEqual(seen, ['a', 'b']);
      assert.equal(spins, 5);
      assert.equal(errors.length, 1);
    } finally {
      stop();
    }
  });

  void it('rejects a non-positive speed', () => {
    assert.throws(() => new VirtualClock().startRealtime({ speed: 0 }), RangeError);
  });
});

void describe('systemTimers', () => {
  void it('fires after the delay, and a cancelled timer never fires', async () => {
    const seen: string[] = [];
    systemTimers.setTimer(1, () => seen.push('kept'));
    const cancel = systemTimers.setTimer(1, () => seen.push('cancelled'));
    cancel();
    await systemTimers.sleep(20);
    assert.deepEqual(seen, ['kept']);
    assert.ok(Math.abs(systemTimers.now().getTime() - Date.now()) < 1000);
  });

  void it('sleep() rejects on abort', async () => {
    const ac = new AbortController();
    const slept = systemTimers.sleep(60_000, ac.signal);
    ac.abort(new Error('stop'));
    await assert.rejects(slept, /stop/);
  });
});
