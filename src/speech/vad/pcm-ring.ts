import { PHONE_SAMPLE_RATE } from '../speech.js';

/**
 * The last few seconds of 8 kHz audio, addressed by audio time: lets the detector hand over an utterance's
 * audio (and a streaming recogniser its lead-in) without keeping the whole call in memory.
 */
export class PcmRing {
  readonly #buffer: Int16Array;
  /** Samples written since the start (absolute index of the next sample). */
  #written = 0;

  constructor(seconds: number) {
    this.#buffer = new Int16Array(Math.ceil(seconds * PHONE_SAMPLE_RATE));
  }

  push(frame: Int16Array): void {
    const size = this.#buffer.length;
    for (let i = 0; i < frame.length; i++) this.#buffer[(this.#written + i) % size] = frame[i]!;
    this.#written += frame.length;
  }

  get endMs(): number {
    return (this.#written * 1000) / PHONE_SAMPLE_RATE;
  }

  /** Audio of [fromMs, toMs), clipped to what is still held. */
  slice(fromMs: number, toMs: number): Int16Array {
    const size = this.#buffer.length;
    const first = Math.max(this.#written - size, Math.floor((fromMs * PHONE_SAMPLE_RATE) / 1000), 0);
    const last = Math.min(this.#written, Math.ceil((toMs * PHONE_SAMPLE_RATE) / 1000));
    const out = new Int16Array(Math.max(0, last - first));
    for (let i = 0; i < out.length; i++) out[i] = this.#buffer[(first + i) % size]!;
    return out;
  }

  reset(): void {
    this.#written = 0;
  }
}
