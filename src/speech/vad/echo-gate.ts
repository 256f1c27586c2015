/**
 * Keeps the robot's own prompt, leaking back from the callee's side (line hybrid or handset), from counting
 * as callee speech. Not an echo canceller: it judges each inbound 20 ms frame by its level against what the
 * robot played in the last `delayWindowMs` and mutes frames that are no louder than the echo it predicts.
 *
 * The echo's level is learnt per call: during playback the lowest inbound/outbound level ratio seen recently
 * is the echo path's gain (frames where only echo comes back); a callee speaking over the prompt is well
 * above it. Before anything is learnt a conservative −6 dB path (G.168's worst assumed return loss) is used.
 */
export interface EchoGateOptions {
  /** Longest echo delay to cover. */
  delayWindowMs?: number;
  /** How far above the predicted echo a frame must be to count as the callee (dB). */
  marginDb?: number;
}

const FRAME_MS = 20;
/** Outbound frames quieter than this (RMS of 16-bit samples, ≈ −50 dBFS) predict no echo. */
const QUIET_RMS = 100;

export class EchoGate {
  readonly #history: number[];
  readonly #margin: number;
  #next = 0;
  /** Learnt echo path gain (linear amplitude), starting at −6 dB. */
  #echoGain = 0.5;
  #muted = 0;

  constructor(options: EchoGateOptions = {}) {
    this.#history = new Array<number>(
      Math.max(1, Math.ceil((options.delayWindowMs ?? 240) / FRAME_MS) + 1),
    ).fill(0);
    this.#margin = 10 ** ((options.marginDb ?? 6) / 20);
  }

  /** Records the frame the robot sent during this tick (`undefined` when it sent nothing). */
  played(frame: Int16Array | undefined): void {
    this.#history[this.#next] = frame ? rms(frame) : 0;
    this.#next = (this.#next + 1) % this.#history.length;
  }

  /** Frames muted so far as echo. */
  get muted(): number {
    return this.#muted;
  }

  /** The inbound frame as the detector should hear it: unchanged, or silence when it is only echo. */
  filter(inbound: Int16Array): Int16Array {
    const out = Math.max(...this.#history);
    if (out < QUIET_RMS) return inbound;
    const level = rms(inbound);
    const ratio = level / out;
    // Learn: fall at once to a lower ratio (purer echo), rise slowly (the path may change, double talk won't
    // pull it up much in the few frames it lasts).
    this.#echoGain = ratio < this.#echoGain ? Math.max(ratio, 0.001) : this.#echoGain * 1.002;
    if (level > out * Math.min(this.#echoGain, 0.5) * this.#margin) return inbound;
    this.#muted++;
    return new Int16Array(inbound.length);
  }
}

export function rms(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
  return Math.sqrt(sum / Math.max(1, frame.length));
}
