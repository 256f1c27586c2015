import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompiledCache } from './compiled-cache.js';

describe(CompiledCache.name, () => {
  it('loads once per (script, version) and shares a pending load', async () => {
    const sut = new CompiledCache<string>();
    let loads = 0;
    const load = () => Promise.resolve(`v${++loads}`);
    const [a, b] = await Promise.all([sut.get('1', 1, load), sut.get('1', 1, load)]);
    assert.equal(a, 'v1');
    assert.equal(b, 'v1');
    assert.equal(await sut.get('1', 2, load), 'v2');
    assert.equal(await sut.get('2', 1, load), 'v3');
    assert.equal(loads, 3);
  });

  it('forgets a failed load so the next call tries again', async () => {
    const sut = new CompiledCache<string>();
    await assert.rejects(
      sut.get('1', 1, () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(sut.size, 0);
    assert.equal(await sut.get('1', 1, () => Promise.resolve('ok')), 'ok');
  });

  it('evicts the least recently used entry beyond its capacity', async () => {
    const sut = new CompiledCache<string>(2);
    let loads = 0;
    const load = () => Promise.resolve(String(++loads));
    await sut.get('a', 1, load);
    await sut.get('b', 1, load);
    await sut.get('a', 1, load); // a is now the most recent
    await sut.get('c', 1, load); // evicts b
    assert.equal(sut.size, 2);
    assert.equal(await sut.get('a', 1, load), '1');
    assert.equal(await sut.get('b', 1, load), '4');
  });
});
