import { seqDistance, type RtpPacket } from './rtp-packet.js';

/**
 * A small reorder buffer for received media: packets come out in sequence order once `depth` packets are
 * held (so one arriving up to depth−1 places late still slots in), duplicates and packets older than the last
 * one released are dropped. Loss is not concealed here: consumers place audio by RTP timestamp.
 */
export class JitterBuffer {
  #held: RtpPacket[] = [];
  #lastOut: number | undefined;
  dropped = 0;

  constructor(private readonly depth = 3) {}

  /** Adds a packet; returns the packets released by it, in order. */
  push(p: RtpPacket): RtpPacket[] {
    if (this.#lastOut !== undefined && seqDistance(this.#lastOut, p.sequence) <= 0) {
      this.dropped++;
      return [];
    }
    let i = this.#held.length;
    while (i > 0 && seqDistance((this.#held[i - 1] as RtpPacket).sequence, p.sequence) < 0) i--;
    if (i > 0 && (this.#held[i - 1] as RtpPacket).sequence === p.sequence) {
      this.dropped++;
      return [];
    }
    this.#held.splice(i, 0, p);
    const out: RtpPacket[] = [];
    while (this.#held.length >= this.depth) out.push(this.#release());
    return out;
  }

  /** Everything still held, in order (end of call). */
  flush(): RtpPacket[] {
    const out: RtpPacket[] = [];
    while (this.#held.length > 0) out.push(this.#release());
    return out;
  }

  #release(): RtpPacket {
    const p = this.#held.shift() as RtpPacket;
    this.#lastOut = p.sequence;
    return p;
  }
}
