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

/** Dominant frequency of a pure tone in [fromMs, toMs), from its zero crossings (Hz). */
export function toneHz(samples: Int16Array, fromMs: number, toMs: number): number {
  const a = Math.floor((fromMs / 1000) * 8000);
  const b = Math.min(samples.length, Math.floor((toMs / 1000) * 8000));
  let crossings = 0;
  for (let i = a + 1; i < b; i++) {
    if ((samples[i - 1] as number) < 0 !== (samples[i] as number) < 0) crossings++;
  }
  return crossings / 2 / ((b - a) / 8000);
}

/** What `soxi` (the sox package) reads from the file: channels, rate and duration in seconds. */
export function soxInfo(file: string): { channels: number; rate: number; seconds: number } {
  const q = (flag: string) => execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim();
  return { channels: Number(q('-c')), rate: Number(q('-r')), seconds: Number(q('-D')) };
}
