import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readWav, resample } from '../../lib/wav.js';
import { PHONE_RATE } from '../tts/tts-cache.js';

const MAX_PROMPT_BYTES = 20 * 1024 * 1024;
const MEMORY_ENTRIES = 256;

/**
 * Recorded prompts (录音话术) played by `play()`: WAV files under one directory, converted once to 8 kHz mono
 * and kept in memory. A name is resolved strictly inside the directory; a name that leaves it, a missing
 * file or one that is not readable audio is an error with a plain message (the caller speaks the prompt's
 * text instead).
 */
export class PromptStore {
  readonly #memory = new Map<string, Promise<Int16Array>>();

  constructor(private readonly dir: string) {}

  /** 8 kHz samples of the prompt `name` (relative to the prompt directory). */
  load(name: string): Promise<Int16Array> {
    const full = path.resolve(this.dir, name);
    if (!full.startsWith(path.resolve(this.dir) + path.sep)) {
      return Promise.reject(new Error(`prompt outside the prompt directory: ${name}`));
    }
    let pending = this.#memory.get(full);
    if (!pending) {
      pending = this.#convert(full, name);
      pending.catch(() => this.#memory.delete(full)); // a file uploaded later is found then
      this.#memory.set(full, pending);
      if (this.#memory.size > MEMORY_ENTRIES) this.#memory.delete(this.#memory.keys().next().value as string);
    }
    return pending;
  }

  async #convert(full: string, name: string): Promise<Int16Array> {
    const bytes = await readFile(full).catch(() => undefined);
    if (!bytes) throw new Error(`prompt file missing: ${name}`);
    if (bytes.length > MAX_PROMPT_BYTES) throw new Error(`prompt file too large: ${name}`);
    let audio;
    try {
      audio = readWav(bytes);
    } catch (err) {
      throw new Error(`prompt ${name} is not a playable WAV: ${(err as Error).message}`);
    }
    return resample(audio.samples, audio.sampleRate, PHONE_RATE);
  }
}
