/**
 * RFC 4733 §2.3 telephone-event payload (formerly RFC 2833), carried in RTP with the dynamic payload type that
 * SDP maps to `telephone-event/8000`:
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |     event     |E|R| volume    |          duration             |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * One key press is many packets with the same RTP timestamp (the event's start): updates while held, then the
 * end packet (E=1) sent three times. A press is reported once, on its first end packet; the timestamp dedupes
 * the repeats. Events 0–9 are digits, 10 `*`, 11 `#`, 12–15 A–D.
 */
import type { DtmfDigit } from '../call-channel.js';

const DIGITS: readonly DtmfDigit[] = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
];

export interface TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  duration: number;
}

export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const flags = payload[1] as number;
  return {
    event: payload[0] as number,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

export function serializeTelephoneEvent(e: TelephoneEvent): Buffer {
  const out = Buffer.allocUnsafe(4);
  out[0] = e.event;
  out[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  out.writeUInt16BE(e.duration & 0xffff, 2);
  return out;
}

export const digitOfEvent = (event: number): DtmfDigit | undefined => DIGITS[event];

/** Turns a stream of telephone-event packets into one digit per key press. */
export class DtmfReceiver {
  /** RTP timestamps of presses already reported (a few, the end packet is repeated). */
  #reported: number[] = [];

  /** Feeds one packet; returns the digit when this packet completes a press not yet reported. */
  push(timestamp: number, payload: Buffer): DtmfDigit | undefined {
    const e = parseTelephoneEvent(payload);
    if (!e || !e.end) return undefined;
    if (this.#reported.includes(timestamp)) return undefined;
    this.#reported.push(timestamp);
    if (this.#reported.length > 8) this.#reported.shift();
    return digitOfEvent(e.event);
  }
}
