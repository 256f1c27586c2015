import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom, hash32, pickWeighted, sampleDuration } from './seeded-random.js';

void describe('hash32', () => {
  void it('is stable, 32-bit, and separates parts', () => {
    assert.equal(hash32('sandbox', '13800138000', 0), hash32('sandbox', '13800138000', 0));
    assert.notEqual(hash32('ab', 'c'), hash32('a', 'bc'));
    assert.notEqual(hash32('13800138000'), hash32('13800138001'));
    const h = hash32('x');
    assert.ok(Number.isInteger(h) && h >= 0 && h < 2 ** 32);
  });
});

void describe(SeededRandom.name, () => {
  void it('repeats its sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      seqA,
      Array.from({ length: 5 }, () => b.next()),
    );
    assert.notDeepEqual(
      seqA,
      Array.from({ length: 5 }, () => c.next()),
    );
  });

  void it('draws uniformly in [0, 1)', () => {
    const rng = new SeededRandom(7);
    const buckets = new Array<number>(10).fill(0);
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      assert.ok(u >= 0 && u < 1);
      buckets[Math.floor(u * 10)]!++;
    }
    for (const count of buckets) assert.ok(Math.abs(count / n - 0.1) < 0.01, `bucket share ${count / n}`);
  });

  void it('draws integers within bounds and picks from lists', () => {
    const rng = new SeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(rng.int(3, 5));
    assert.deepEqual([...seen].sort(), [3, 4, 5]);
    assert.equal(rng.pick([]), undefined);
    assert.equal(rng.pick(['only']), 'only');
  });

  void it('draws normal deviates with the requested mean and spread', () => {
    const rng = new SeededRandom(9);
    const xs = Array.from({ length: 20_000 }, () => rng.normal(100, 10));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    assert.ok(Math.abs(mean - 100) < 0.5, `mean ${mean}`);
    assert.ok(Math.abs(sd - 10) < 0.5, `sd ${sd}`);
  });
});

void describe('pickWeighted', () => {
  void it('splits [0, 1) in proportion to positive weights, skipping the rest', () => {
    const entries = [
      ['a', 1],
      ['zero', 0],
      ['b', 3],
    ] as const;
    assert.equal(pickWeighted(entries, 0), 'a');
    assert.equal(pickWeighted(entries, 0.2499), 'a');
    assert.equal(pickWeighted(entries, 0.25), 'b');
    assert.equal(pickWeighted(entries, 0.9999999), 'b');
    assert.equal(pickWeighted([['x', 0]], 0.5), undefined);
  });
});

void describe('sampleDuration', () => {
  void it('honours fixed, uniform and clipped-normal forms', () => {
    const rng = new SeededRandom(3);
    assert.equal(sampleDuration(1500, rng), 1500);
    assert.equal(sampleDuration(-5, rng), 0);
    for (let i = 0; i < 500; i++) {
      const u = sampleDuration({ min: 100, max: 200 }, rng);
      assert.ok(u >= 100 && u <= 200);
      const n = sampleDuration({ mean: 1000, sd: 5000, min: 500, max: 1500 }, rng);
      assert.ok(n >= 500 && n <= 1500);
    }
  });
});
