/**
 * Keeps the robot's own prompt, leaking back from the callee's side (line hybrid, handset, a looping far end), from counting
 * as callee speech. Not an echo canceller: it judges each inbound 20 ms frame by its level against what the
 * robot played in the last `delayWindowMs` and mutes frames that are no louder than the echo it predicts.
 *
 * The echo path is learnt per call from the frames judged to be echo: for each candidate delay (0–240 ms) the
 * level envelopes of inbound and outbound audio are correlated; the best delay's gain predicts the echo of
 * the current frame (at most 0 dB: a far end looping the audio back whole is muted too). Frames with the
 * callee in them are louder than that and are not learnt from, so double talk does not teach the gate to mute
 * the callee. Until half a second of echo has been learnt a −6 dB path at any delay is assumed (G.168's worst
 * assumed echo return loss).
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
  /** Outbound RMS per tick, newest last; index k of the delay search is k ticks ago. */
  readonly #out: number[];
  readonly #margin: number;
  /** Decayed sums per candidate delay: Σ in·out(t−k), Σ out(t−k)², and Σ in² (for the correlation). */
  readonly #sxy: number[];
  readonly #sxx: number[];
  #syy = 0;
  #muted = 0;
  /** Frames learnt from so far. */
  #learnt = 0;

  constructor(options: EchoGateOptions = {}) {
    const taps = Math.max(1, Math.ceil((options.delayWindowMs ?? 240) / FRAME_MS) + 1);
    this.#out = new Array<number>(taps).fill(0);
    this.#sxy = new Array<number>(taps).fill(0);
    this.#sxx = new Array<number>(taps).fill(0);
    this.#margin = 10 ** ((options.marginDb ?? 6) / 20);
  }

  /** Records the frame the robot sent during this tick (`undefined` when it sent nothing). */
  played(frame: Int16Array | undefined): void {
    this.#out.shift();
    this.#out.push(frame ? rms(frame) : 0);
  }

  /** Frames muted so far as echo. */
  get muted(): number {
    return this.#muted;
  }

  /** The inbound frame as the detector should hear it: unchanged, or silence when it is only echo. */
  filter(inbound: Int16Array): Int16Array {
    const loudest = Math.max(...this.#out);
    if (loudest < QUIET_RMS) return inbound;
    const level = rms(inbound);
    const echo = level <= this.#predict(loudest) * this.#margin;
    // Until the path is trusted, learnt from every frame the worst assumed path explains (one frame fits every
    // delay equally: a first guess muting by a wrong delay would let the echo through and never be
    // corrected); afterwards only from frames judged echo, so double talk does not teach it to mute the callee.
    if (this.#learnt < LEARNT_FRAMES ? level <= loudest * START_GAIN * this.#margin : echo) {
      this.#learn(level);
    }
    if (!echo) return inbound;
    this.#muted++;
    return new Int16Array(inbound.length);
  }

  /** Adds one frame judged echo to the correlation of inbound and outbound level envelopes. */
  #learn(level: number): void {
    const taps = this.#out.length;
    this.#learnt++;
    this.#syy = this.#syy * DECAY + level * level;
    for (let k = 0; k < taps; k++) {
      const out = this.#out[taps - 1 - k]!;
      this.#sxy[k] = this.#sxy[k]! * DECAY + level * out;
      this.#sxx[k] = this.#sxx[k]! * DECAY + out * out;
    }
  }

  /** Echo level expected now: the best-correlated delay's gain × the outbound level around that delay. */
  #predict(loudest: number): number {
    const taps = this.#out.length;
    let best = -1;
    let bestScore = 0;
    for (let k = 0; k < taps; k++) {
      const sxx = this.#sxx[k]!;
      if (sxx <= 0) continue;
      const score = this.#sxy[k]! / Math.sqrt(sxx * Math.max(this.#syy, 1));
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    if (best < 0 || this.#learnt < LEARNT_FRAMES || this.#sxx[best]! < LEARNT_ENERGY) {
      return loudest * START_GAIN;
    }
    const gain = Math.min(MAX_GAIN, this.#sxy[best]! / this.#sxx[best]!);
    const around = [best - 1, best, best + 1]
      .filter((k) => k >= 0 && k < taps)
      .map((k) => this.#out[taps - 1 - k]!);
    return Math.max(...around) * Math.max(gain, 0.01);
  }
}

/** Per-tick decay of the learnt sums (~1 s memory). */
const DECAY = 0.95;
/** Gain assumed before anything is learnt: −6 dB, G.168's worst assumed echo return loss. */
const START_GAIN = 0.5;
/** The learnt gain never exceeds 0 dB: a far end may return the audio whole (a loop), never louder. */
const MAX_GAIN = 1;
/** Enough outbound energy seen at a delay to trust its gain (a few loud frames). */
const LEARNT_ENERGY = 5 * 1000 * 1000;
/** Frames of echo seen before the learnt delay is trusted (0.5 s: one frame fits every delay equally). */
const LEARNT_FRAMES = 25;

export function rms(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
  return Math.sqrt(sum / Math.max(1, frame.length));
}
