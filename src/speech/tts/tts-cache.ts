import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resample } from '../../lib/wav.js';
import type { PromptPresynthesizer } from '../speech.js';
import type { Tts } from './tts.js';

/** Sample rate of cached speech: the telephone channel's. */
export const PHONE_RATE = 8000;
const MEMORY_ENTRIES = 512;

/**
 * Content-addressed cache of synthesised speech, ready to send: 8 kHz mono 16-bit samples, keyed by
 * sha256(provider identity, text). Three levels: memory (most recent sentences), disk
 * (`<dir>/<2 hex>/<sha256>.s16`, kept across restarts and shared by every call), and synthesis, of which
 * concurrent requests for the same text share one.
 */
export class TtsCache implements PromptPresynthesizer {
  readonly #memory = new Map<string, Int16Array>();
  readonly #inFlight = new Map<string, Promise<Int16Array>>();
  /** Texts actually synthesised (not found in memory or on disk). */
  synthesized = 0;

  constructor(
    private readonly tts: Tts,
    private readonly dir: string,
  ) {}

  keyOf(text: string): string {
    return createHash('sha256').update(this.tts.identity).update('\0').update(text).digest('hex');
  }

  /** The speech for `text`, 8 kHz. Rejects with the provider's error (nothing is cached then). */
  speech(text: string): Promise<Int16Array> {
    const key = this.keyOf(text);
    const hit = this.#memory.get(key);
    if (hit) {
      this.#memory.delete(key); // LRU: move to the end
      this.#memory.set(key, hit);
      return Promise.resolve(hit);
    }
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#load(key, text).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  /** Synthesises (or loads from disk) what is not in memory yet, in the background; failures are dropped. */
  prepare(texts: readonly string[]): void {
    for (const text of texts) if (!this.isReady(text)) this.speech(text).catch(() => undefined);
  }

  /** True when `text` plays from memory now (no synthesis, no disk read). */
  isReady(text: string): boolean {
    return this.#memory.has(this.keyOf(text));
  }

  async #load(key: string, text: string): Promise<Int16Array> {
    const file = path.join(this.dir, key.slice(0, 2), `${key}.s16`);
    let samples: Int16Array;
    const stored = await readFile(file).catch(() => undefined);
    if (stored && stored.length % 2 === 0) {
      samples = new Int16Array(stored.buffer.slice(stored.byteOffset, stored.byteOffset + stored.length));
    } else {
      const audio = await this.tts.synthesize(text);
      this.synthesized++;
      samples = resample(audio.samples, audio.sampleRate, PHONE_RATE);
      await this.#store(file, samples).catch(() => undefined); // a full disk costs a re-synthesis, not the call
    }
    this.#memory.set(key, samples);
    if (this.#memory.size > MEMORY_ENTRIES) this.#memory.delete(this.#memory.keys().next().value as string);
    return samples;
  }

  async #store(file: string, samples: Int16Array): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
    await rename(tmp, file); // readers never see half a file
  }
}

/**
 * Speech from `primary`, or from `fallback` (the built-in voice) when the primary fails: a TTS outage makes
 * the robot sound different, never silent or stuck. Each provider has its own cache entries.
 */
export function speechWithFallback(
  primary: TtsCache,
  fallback: TtsCache | undefined,
  onFailure: (err: unknown) => void,
): (text: string) => Promise<Int16Array> {
  return async (text) => {
    try {
      return await primary.speech(text);
    } catch (err) {
      if (!fallback) throw err;
      onFailure(err);
      return fallback.speech(text);
    }
  };
}
