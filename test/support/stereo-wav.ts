// Reads a call recording (16-bit stereo WAV) and measures it: per-window loudness and pitch of each channel,
// so tests can say "the callee's 440 Hz tone is on the left between 0.6 s and 1.4 s".
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface StereoWav {
  rate: number;
  channels: number;
  /** Bytes of audio the header declares. */
  declaredBytes: number;
  left: Int16Array;
  right: Int16Array;
}

export function readStereoWav(file: string): StereoWav {
  const buf = readFileSync(file);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 36, 40) !== 'data') {
    throw new Error(`${file}: not a canonical WAV`);
  }
  const channels = buf.readUInt16LE(22);
  const declaredBytes = buf.readUInt32LE(40);
  const frames = Math.floor(Math.min(declaredBytes, buf.length - 44) / 4);
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = buf.readInt16LE(44 + i * 4);
    right[i] = buf.readInt16LE(44 + i * 4 + 2);
  }
  return { rate: buf.readUInt32LE(24), channels, declaredBytes, left, right };
}

/** Root-mean-square level of samples [fromMs, toMs) at 8 kHz. */
export function rms(samples: Int16Array, fromMs: number, toMs: number): number {
  const a = Math.floor((fromMs / 1000) * 8000);
  const b = Math.min(samples.length, Math.floor((toMs / 1000) * 8000));
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i++) sum += (samples[i] as number) ** 2;
  return Math.sqrt(sum / (b - a));
}

/** Zero-crossing count of `samples` over the given sample ranges, as a frequency (Hz) at 8 kHz. */
function crossingHz(samples: Int16Array, ranges: readonly (readonly [number, number])[]): number {
  let crossings = 0;
  let length = 0;
  for (const [a, b] of ranges) {
    for (let i = a + 1; i < b; i++) {
      if ((samples[i - 1] as number) < 0 !== (samples[i] as number) < 0) crossings++;
    }
    length += b - a;
  }
  return length === 0 ? 0 : crossings / 2 / (length / 8000);
}

/** Where a channel is loud, found from its 20 ms blocks rather than assumed from the scenario's timing. */
export interface LoudSpan {
  /** Start of the first loud block (ms from the file's start). */
  firstMs: number;
  /** End of the last loud block. */
  lastMs: number;
  /** Loud blocks in total (ms): the audio heard, without gaps the network put into it. */
  loudMs: number;
  /** RMS level over the loud blocks only. */
  level: number;
  /** Pitch over the loud blocks only (Hz, zero crossings). */
  hz: number;
}

const BLOCK = 160;

/**
 * The loud part of a channel: every 20 ms block whose RMS exceeds `threshold`. A tone delayed by a loaded
 * machine (late first packet, a jitter gap mid-utterance) is measured where it actually is, so its level and
 * pitch are those of the tone, not of a window that happens to straddle silence.
 */
export function loudSpan(samples: Int16Array, threshold = 1500): LoudSpan | undefined {
  const ranges: [number, number][] = [];
  let sumSquares = 0;
  for (let a = 0; a + BLOCK <= samples.length; a += BLOCK) {
    let sum = 0;
    for (let i = a; i < a + BLOCK; i++) sum += (samples[i] as number) ** 2;
    if (Math.sqrt(sum / BLOCK) <= threshold) continue;
    sumSquares += sum;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === a) last[1] = a + BLOCK;
    else ranges.push([a, a + BLOCK]);
  }
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (!first || !last) return undefined;
  const loud = ranges.reduce((n, [a, b]) => n + b - a, 0);
  return {
    firstMs: first[0] / 8,
    lastMs: last[1] / 8,
    loudMs: loud / 8,
    level: Math.sqrt(sumSquares / loud),
    hz: crossingHz(samples, ranges),
  };
}

/** What `soxi` (the sox package) reads from the file: channels, rate and duration in seconds. */
export function soxInfo(file: string): { channels: number; rate: number; seconds: number } {
  const q = (flag: string) => execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim();
  return { channels: Number(q('-c')), rate: Number(q('-r')), seconds: Number(q('-D')) };
}
