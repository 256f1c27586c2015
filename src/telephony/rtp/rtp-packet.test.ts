import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DtmfReceiver, parseTelephoneEvent, serializeTelephoneEvent } from './dtmf-event.js';
import { parseRtp, seqDistance, serializeRtp } from './rtp-packet.js';

describe('RTP packet', () => {
  it('parses a captured PCMA packet header', () => {
    // From g711a.pcap: V=2, PT=8, seq 0x1b1c, ts 0x0000a0a0, ssrc 0x12345678, 4 payload bytes.
    const bytes = Buffer.from('80081b1c0000a0a012345678d5d5d5d5', 'hex');
    const p = parseRtp(bytes);
    assert.deepEqual(p && { ...p, payload: p.payload.toString('hex') }, {
      marker: false,
      payloadType: 8,
      sequence: 0x1b1c,
      timestamp: 0xa0a0,
      ssrc: 0x12345678,
      payload: 'd5d5d5d5',
    });
  });

  it('round-trips with the marker bit and skips CSRCs, extension and padding', () => {
    const p = {
      marker: true,
      payloadType: 101,
      sequence: 65535,
      timestamp: 0xfffffff0,
      ssrc: 7,
      payload: Buffer.from([1, 2]),
    };
    assert.deepEqual(parseRtp(serializeRtp(p)), p);
    // CC=1, X=1 (one extension word), P=1 (2 bytes of padding)
    const odd = Buffer.from('b1000001000000010000000211111111bede0001aaaaaaaa09090002', 'hex');
    assert.deepEqual(parseRtp(odd)?.payload, Buffer.from([9, 9]));
  });

  it('rejects non-RTP datagrams', () => {
    assert.equal(parseRtp(Buffer.from('hello world!')), undefined);
    assert.equal(parseRtp(Buffer.from('8008', 'hex')), undefined);
    assert.equal(parseRtp(Buffer.from('80c80006000000000000000000000000', 'hex')), undefined); // RTCP SR
  });

  it('measures sequence distance across the wrap', () => {
    assert.equal(seqDistance(65535, 0), 1);
    assert.equal(seqDistance(0, 65535), -1);
    assert.equal(seqDistance(100, 90), -10);
  });
});

describe('RFC 4733 telephone-event', () => {
  it('parses a captured end packet (digit 5, E=1, volume 10, duration 800)', () => {
    assert.deepEqual(parseTelephoneEvent(Buffer.from('058a0320', 'hex')), {
      event: 5,
      end: true,
      volume: 10,
      duration: 800,
    });
    assert.deepEqual(
      serializeTelephoneEvent({ event: 11, end: false, volume: 10, duration: 160 }),
      Buffer.from('0b0a00a0', 'hex'),
    );
  });

  it('reports a press once however many updates and end repeats arrive', () => {
    const rx = new DtmfReceiver();
    const seen: string[] = [];
    const send = (ts: number, event: number, end: boolean, duration: number) => {
      const d = rx.push(ts, serializeTelephoneEvent({ event, end, volume: 10, duration }));
      if (d) seen.push(d);
    };
    for (const dur of [160, 320, 480]) send(1000, 1, false, dur);
    for (let i = 0; i < 3; i++) send(1000, 1, true, 640);
    for (let i = 0; i < 3; i++) send(9000, 11, true, 640);
    for (let i = 0; i < 3; i++) send(17000, 1, true, 640); // the same key again is a new press
    assert.deepEqual(seen, ['1', '#', '1']);
  });
});
