/**
 * Text-to-speech for phone calls. A provider turns text into audio; {@link CachedTts} keeps every result as
 * ready-to-send 8 kHz μ-law under a content address (provider identity + text), so the same sentence is
 * synthesised once per deployment, however many calls speak it.
 */

/** Synthesised speech: mono 16-bit samples at `sampleRate`. */
export interface TtsAudio {
  sampleRate: number;
  samples: Int16Array;
}

export interface Tts {
  /** Identifies provider and voice: part of the cache key (changing the voice re-synthesises). */
  readonly identity: string;
  synthesize(text: string): Promise<TtsAudio>;
}

/** The provider failed (down, timed out, bad answer); the message says which and why, never the API key. */
export class TtsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TtsError';
  }
}
