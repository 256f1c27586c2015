// Test audio: Mandarin utterances synthesised with espeak-ng (voice cmn-latn-pinyin, the one that reads
// Chinese characters as Mandarin; plain `cmn` reads tone digits in English) and trimmed with sox so the
// speech boundaries inside a timeline are known to the sample.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const RATE = 8000;
const cache = new Map<string, Int16Array>();

/** `text` spoken by espeak-ng at 8 kHz, 16-bit, leading and trailing silence removed. */
export function speak(
  text: string,
  options: { voice?: string; speed?: number; gain?: number } = {},
): Int16Array {
  const key = JSON.stringify([text, options]);
  const hit = cache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(path.join(tmpdir(), 'aicall-tts-'));
  try {
    const wav = path.join(dir, 'in.wav');
    const raw = path.join(dir, 'out.raw');
    const args = ['-v', options.voice ?? 'cmn-latn-pinyin', '-w', wav];
    if (options.speed) args.push('-s', String(options.speed));
    execFileSync('espeak-ng', [...args, text]);
    execFileSync('sox', [
      wav,
      '-r',
      String(RATE),
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      '-t',
      'raw',
      raw,
      'silence',
      '1',
      '0.005',
      '0.5%',
      'reverse',
      'silence',
      '1',
      '0.005',
      '0.5%',
      'reverse',
      ...(options.gain === undefined ? [] : ['gain', String(options.gain)]),
    ]);
    const bytes = readFileSync(raw);
    const pcm = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    cache.set(key, pcm);
    return pcm;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A burst of noise shaped like a cough: `ms` long, loud attack, fast decay. */
export function cough(ms = 220, seed = 7): Int16Array {
  const n = Math.round((ms * RATE) / 1000);
  const out = new Int16Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const envelope = Math.exp((-4 * i) / n);
    out[i] = Math.round(((s / 0x7fffffff) * 2 - 1) * 14000 * envelope);
  }
  return out;
}

export const silence = (ms: number): Int16Array => new Int16Array(Math.round((ms * RATE) / 1000));

/** Known span of one part of a timeline, in ms. */
export interface Span {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Concatenates parts (audio or a pause in ms) and says where each audio part lies. */
export function timeline(parts: readonly (number | { label: string; pcm: Int16Array })[]): {
  pcm: Int16Array;
  spans: Span[];
} {
  const chunks: Int16Array[] = [];
  const spans: Span[] = [];
  let at = 0;
  for (const part of parts) {
    const pcm = typeof part === 'number' ? silence(part) : part.pcm;
    if (typeof part !== 'number') {
      spans.push({
        label: part.label,
        startMs: (at * 1000) / RATE,
        endMs: ((at + pcm.length) * 1000) / RATE,
      });
    }
    chunks.push(pcm);
    at += pcm.length;
  }
  const pcm = new Int16Array(at);
  let o = 0;
  for (const c of chunks) {
    pcm.set(c, o);
    o += c.length;
  }
  return { pcm, spans };
}

/** Mixes `b` into `a` starting at `atMs` (scaled by `gain`), clipping to 16 bits. */
export function mix(a: Int16Array, b: Int16Array, atMs: number, gain = 1): Int16Array {
  const out = Int16Array.from(a);
  const offset = Math.round((atMs * RATE) / 1000);
  for (let i = 0; i < b.length && offset + i < out.length; i++) {
    out[offset + i] = Math.max(-32768, Math.min(32767, out[offset + i]! + Math.round(b[i]! * gain)));
  }
  return out;
}

/** Splits PCM into 20 ms frames (the last one zero-padded). */
export function* frames(pcm: Int16Array, size = 160): Generator<Int16Array> {
  for (let i = 0; i < pcm.length; i += size) {
    const f = pcm.subarray(i, i + size);
    if (f.length === size) yield f;
    else {
      const padded = new Int16Array(size);
      padded.set(f);
      yield padded;
    }
  }
}
