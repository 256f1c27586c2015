import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JitterBuffer } from './jitter-buffer.js';
import type { RtpPacket } from './rtp-packet.js';

const pkt = (sequence: number): RtpPacket => ({
  marker: false,
  payloadType: 0,
  sequence,
  timestamp: sequence * 160,
  ssrc: 1,
  payload: Buffer.alloc(0),
});

describe('jitter buffer', () => {
  it('reorders, drops duplicates and late packets, and crosses the sequence wrap', () => {
    const jb = new JitterBuffer(3);
    const out: number[] = [];
    for (const s of [65534, 0, 65535, 0, 2, 1, 3, 65535, 4]) {
      out.push(...jb.push(pkt(s)).map((p) => p.sequence));
    }
    out.push(...jb.flush().map((p) => p.sequence));
    assert.deepEqual(out, [65534, 65535, 0, 1, 2, 3, 4]);
    assert.equal(jb.dropped, 2);
  });

  it('releases the last packets of a burst once they have waited the hold time, not before', () => {
    const jb = new JitterBuffer(3, 60);
    const out: number[] = [];
    for (let s = 0; s < 50; s++) out.push(...jb.push(pkt(s), s * 20).map((p) => p.sequence));
    assert.equal(out.length, 48, 'two packets held for reordering');
    assert.deepEqual(jb.due(48 * 20 + 59), [], 'the oldest held has not waited the hold time yet');
    out.push(...jb.due(48 * 20 + 60).map((p) => p.sequence));
    assert.deepEqual(
      out,
      Array.from({ length: 50 }, (_, i) => i),
    );
    assert.deepEqual(jb.due(10_000), []);
  });
});
