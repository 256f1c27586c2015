import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Wakeup } from './wakeup.js';

describe(Wakeup.name, () => {
  it('wakes waiters on notify long before their timeout', async () => {
    const sut = new Wakeup();
    const started = Date.now();
    const waiting = Promise.all([sut.wait(10_000), sut.wait(10_000)]);
    setTimeout(() => sut.notify(), 5);
    await waiting;
    assert.ok(Date.now() - started < 1000);
  });

  it('resolves after the timeout, and at once for an aborted signal', async () => {
    const sut = new Wakeup();
    const started = Date.now();
    await sut.wait(20);
    assert.ok(Date.now() - started >= 15);
    const abort = new AbortController();
    const waiting = sut.wait(10_000, abort.signal);
    abort.abort();
    await waiting;
    await sut.wait(10_000, abort.signal);
    assert.ok(Date.now() - started < 1000);
    assert.equal(sut.waiting, 0);
  });
});
