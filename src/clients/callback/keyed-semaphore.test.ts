import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedSemaphore } from './keyed-semaphore.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

void describe(KeyedSemaphore.name, () => {
  void it('admits up to the limit per key and queues the rest in order', async () => {
    const sut = new KeyedSemaphore(2);
    const order: number[] = [];
    const releases = await Promise.all([sut.acquire('a'), sut.acquire('a')]);
    const waiters = [3, 4, 5].map((n) => sut.acquire('a').then((release) => (order.push(n), release)));
    await tick();
    assert.deepEqual([sut.inFlight('a'), sut.waiting('a')], [2, 3]);
    releases[0]?.();
    await tick();
    assert.deepEqual(order, [3]);
    assert.deepEqual([sut.inFlight('a'), sut.waiting('a')], [2, 2]);
    releases[1]?.();
    const third = await waiters[0];
    assert.ok(third);
    third();
    await tick();
    assert.deepEqual(order, [3, 4, 5]);
    for (const w of waiters.slice(1)) (await w)();
    assert.deepEqual([sut.inFlight('a'), sut.waiting('a')], [0, 0]);
  });
  void it('keeps keys independent', async () => {
    const sut = new KeyedSemaphore(1);
    await sut.acquire('slow');
    let other = false;
    const r = await sut.acquire('fast').then((release) => ((other = true), release));
    assert.ok(other);
    r();
    assert.equal(sut.waiting('slow'), 0);
  });
  void it('ignores a second release of the same slot', async () => {
    const sut = new KeyedSemaphore(1);
    const release = await sut.acquire('a');
    let admitted = 0;
    void sut.acquire('a').then(() => admitted++);
    void sut.acquire('a').then(() => admitted++);
    release();
    release();
    await tick();
    assert.equal(admitted, 1);
    assert.equal(sut.inFlight('a'), 1);
  });
  void it('handles long queues', async () => {
    const sut = new KeyedSemaphore(1);
    let done = 0;
    const all = Array.from({ length: 5000 }, () => sut.acquire('a').then((release) => (done++, release())));
    await Promise.all(all);
    assert.equal(done, 5000);
    assert.equal(sut.inFlight('a'), 0);
  });
  void it('rejects a limit below one', () => {
    assert.throws(() => new KeyedSemaphore(0), RangeError);
  });
});
