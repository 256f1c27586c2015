import { seqDistance, type RtpPacket } from './rtp-packet.js';

/** How long a packet may wait for earlier ones before it is released anyway, ms. */
const DEFAULT_HOLD_MS = 60;

/**
 * A small reorder buffer for received media: packets come out in sequence order once `depth` packets are
 * held (so one arriving up to depth−1 places late still slots in), duplicates and packets older than the last
 * one released are dropped. The end of a burst (the callee falls silent, silence suppression sends nothing)
 * leaves fewer than `depth` packets held: {@link due} releases each once it has waited `holdMs`, so the last
 * 40 ms of every talkspurt are heard when it ends, not at the next packet or the end of the call.
 * Loss is not concealed here: consumers place audio by RTP timestamp.
 */
export class JitterBuffer {
  #held: { packet: RtpPacket; at: number }[] = [];
  #lastOut: number | undefined;
  dropped = 0;

  constructor(
    private readonly depth = 3,
    private readonly holdMs = DEFAULT_HOLD_MS,
  ) {}

  /** Adds a packet that arrived `at` (ms, monotonic); returns the packets released by it, in order. */
  push(p: RtpPacket, at = 0): RtpPacket[] {
    if (this.#lastOut !== undefined && seqDistance(this.#lastOut, p.sequence) <= 0) {
      this.dropped++;
      return [];
    }
    let i = this.#held.length;
    while (i > 0 && seqDistance(this.#sequenceAt(i - 1), p.sequence) < 0) i--;
    if (i > 0 && this.#sequenceAt(i - 1) === p.sequence) {
      this.dropped++;
      return [];
    }
    this.#held.splice(i, 0, { packet: p, at });
    const out: RtpPacket[] = [];
    while (this.#held.length >= this.depth) out.push(this.#release());
    return out;
  }

  /** The packets that have waited `holdMs` by `now` (and those before them), in order. */
  due(now: number): RtpPacket[] {
    const out: RtpPacket[] = [];
    if (this.#held.length === 0) return out;
    const oldest = Math.min(...this.#held.map((h) => h.at));
    if (now - oldest < this.holdMs) return out;
    // Every held packet is released once the oldest has waited long enough: nothing earlier is coming.
    while (this.#held.length > 0) out.push(this.#release());
    return out;
  }

  /** Everything still held, in order (end of call). */
  flush(): RtpPacket[] {
    const out: RtpPacket[] = [];
    while (this.#held.length > 0) out.push(this.#release());
    return out;
  }

  #sequenceAt(i: number): number {
    return (this.#held[i] as { packet: RtpPacket }).packet.sequence;
  }

  #release(): RtpPacket {
    const { packet } = this.#held.shift() as { packet: RtpPacket };
    this.#lastOut = packet.sequence;
    return packet;
  }
}
