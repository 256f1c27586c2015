import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { serializeTelephoneEvent } from './dtmf-event.js';
import { encodeG711 } from './g711.js';
import { MediaClock } from './media-clock.js';
import { parseRtp, serializeRtp, type RtpPacket } from './rtp-packet.js';
import { RtpSession } from './rtp-session.js';

async function udp(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  return s;
}

describe('RTP session on loopback', () => {
  it('sends the playback as 20 ms frames with consecutive sequence numbers and timestamps, then silence', async () => {
    const [ours, peer] = [await udp(), await udp()];
    const received: RtpPacket[] = [];
    peer.on('message', (m) => received.push(parseRtp(m) as RtpPacket));
    const clock = new MediaClock();
    const session = new RtpSession(
      ours,
      ours.address().port,
      { codec: 'PCMA', payloadType: 8, dtmfPayloadType: 101 },
      clock,
    );
    session.setRemote({ address: '127.0.0.1', port: peer.address().port }, session.format);
    const audio = encodeG711(
      'PCMA',
      Int16Array.from({ length: 160 * 5 + 40 }, (_, i) => (i % 40) * 100),
    );
    session.start();
    await new Promise<void>((resolve) => session.play(audio, resolve));
    while (received.length < 8) await new Promise((r) => setTimeout(r, 20));
    session.close();
    ours.close();
    peer.close();
    const first = received[0] as RtpPacket;
    assert.equal(first.marker, true);
    received.slice(0, 8).forEach((p, i) => {
      assert.equal(p.payloadType, 8);
      assert.equal(p.ssrc, session.ssrc);
      assert.equal(p.sequence, (first.sequence + i) & 0xffff);
      assert.equal(p.timestamp, (first.timestamp + i * 160) >>> 0);
      assert.equal(p.payload.length, 160);
      if (i > 0) assert.equal(p.marker, false);
    });
    assert.deepEqual(received[0]?.payload, audio.subarray(0, 160));
    assert.deepEqual(received[5]?.payload.subarray(0, 40), audio.subarray(800));
    assert.ok(
      received[5]?.payload.subarray(40).every((b) => b === 0xd5),
      'tail padded with A-law silence',
    );
    assert.ok(
      received[7]?.payload.every((b) => b === 0xd5),
      'silence after the playback',
    );
  });

  it('latches onto the first source, drops foreign packets, decodes audio and reports each DTMF press once', async () => {
    const [ours, callee, intruder] = [await udp(), await udp(), await udp()];
    const digits: string[] = [];
    const frames: number[] = [];
    const clock = new MediaClock();
    const session = new RtpSession(
      ours,
      ours.address().port,
      { codec: 'PCMU', payloadType: 0, dtmfPayloadType: 101 },
      clock,
      {
        onDtmf: (d) => digits.push(d),
        onAudio: (s) => frames.push(s.length),
      },
    );
    const to = (s: dgram.Socket, p: Omit<RtpPacket, 'ssrc' | 'marker'>) =>
      s.send(serializeRtp({ ...p, ssrc: 9, marker: false }), ours.address().port, '127.0.0.1');
    for (let i = 0; i < 5; i++) {
      to(callee, { payloadType: 0, sequence: i, timestamp: i * 160, payload: Buffer.alloc(160, 0xff) });
    }
    await new Promise((r) => setTimeout(r, 50));
    to(intruder, { payloadType: 0, sequence: 5, timestamp: 800, payload: Buffer.alloc(160) });
    for (let i = 0; i < 3; i++) {
      to(callee, {
        payloadType: 101,
        sequence: 6 + i,
        timestamp: 960,
        payload: serializeTelephoneEvent({ event: 7, end: true, volume: 10, duration: 800 }),
      });
    }
    while (digits.length === 0 || session.stats.foreign === 0) await new Promise((r) => setTimeout(r, 10));
    session.close();
    const calleePort = callee.address().port;
    for (const s of [ours, callee, intruder]) s.close();
    assert.deepEqual(digits, ['7']);
    assert.equal(session.stats.foreign, 1);
    assert.deepEqual(session.remote, { address: '127.0.0.1', port: calleePort });
    assert.deepEqual(
      frames,
      [160, 160, 160, 160, 160],
      'every callee frame delivered once (flushed at close)',
    );
  });

  it('a 1000 ms burst of callee audio comes out as 1000 ms while the call goes on (the tail is not held)', async () => {
    const [ours, callee] = [await udp(), await udp()];
    let samples = 0;
    const clock = new MediaClock();
    const session = new RtpSession(
      ours,
      ours.address().port,
      { codec: 'PCMA', payloadType: 8, dtmfPayloadType: undefined },
      clock,
      { onAudio: (s) => (samples += s.length) },
    );
    session.setRemote({ address: '127.0.0.1', port: callee.address().port }, session.format);
    session.start();
    for (let i = 0; i < 50; i++) {
      const packet = {
        payloadType: 8,
        sequence: 100 + i,
        timestamp: i * 160,
        payload: Buffer.alloc(160, 0x55),
      };
      callee.send(serializeRtp({ ...packet, ssrc: 9, marker: i === 0 }), ours.address().port, '127.0.0.1');
    }
    // Then nothing: the callee is silent. What was heard must reach 1000 ms without the session closing.
    for (let waited = 0; samples < 7_840 && waited < 15_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const heardMs = samples / 8;
    session.close();
    ours.close();
    callee.close();
    assert.ok(Math.abs(heardMs - 1000) <= 20, `heard ${heardMs} ms of a 1000 ms burst`);
  });
});
