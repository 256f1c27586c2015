import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RtpPortPool } from './port-pool.js';

describe('RTP port range', () => {
  it('hands out even ports until the range is exhausted, then undefined; a released port is used again', async () => {
    const min = 40_000 + 2 * Math.floor(Math.random() * 5_000);
    const pool = new RtpPortPool(min, min + 5, '127.0.0.1'); // even ports min, min+2, min+4
    const taken = [];
    for (;;) {
      const a = await pool.allocate();
      if (!a) break;
      taken.push(a);
    }
    assert.ok(taken.length >= 1 && taken.length <= 3, `allocated ${taken.length}`);
    assert.ok(taken.every((a) => a.port % 2 === 0 && a.port >= min && a.port <= min + 5));
    assert.equal(pool.available, 3 - taken.length, 'ports held by another program stay in the range');
    assert.equal(await pool.allocate(), undefined, 'exhausted: no socket, no throw');
    const first = taken[0]!;
    pool.release(first.port, first.socket);
    const again = await pool.allocate();
    assert.equal(again?.port, first.port);
    pool.release(again.port, again.socket);
    for (const a of taken.slice(1)) pool.release(a.port, a.socket);
  });

  it('refuses a range outside 1024–65535', () => {
    assert.throws(() => new RtpPortPool(80, 200), RangeError);
  });
});
