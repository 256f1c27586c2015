/**
 * RIFF/WAVE files (Microsoft "Multimedia Programming Interface" 1991; format tags from RFC 2361):
 *
 *   "RIFF" size "WAVE"
 *     "fmt " 16|18|40  tag(1 PCM, 3 float, 6 A-law, 7 μ-law, 0xFFFE extensible) channels rate byteRate align bits
 *     … other chunks (LIST, fact) skipped …
 *     "data" size  samples, interleaved by channel, little-endian
 *
 * Readers get mono 16-bit samples (channels averaged); the writer makes 16-bit PCM.
 */
export interface WavAudio {
  sampleRate: number;
  /** Mono, 16-bit. */
  samples: Int16Array;
}

/** Parses a WAV file; throws a plain message for anything it cannot read. */
export function readWav(buf: Buffer): WavAudio {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a WAV file');
  }
  let offset = 12;
  let fmt: { tag: number; channels: number; rate: number; bits: number } | undefined;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    let size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= buf.length) {
      let tag = buf.readUInt16LE(body);
      if (tag === 0xfffe && size >= 40) tag = buf.readUInt16LE(body + 24);
      fmt = {
        tag,
        channels: buf.readUInt16LE(body + 2),
        rate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before its format');
      if (size === 0xffffffff || body + size > buf.length) size = buf.length - body; // streamed writers
      return { sampleRate: fmt.rate, samples: decode(buf.subarray(body, body + size), fmt) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file without audio data');
}

function decode(data: Buffer, f: { tag: number; channels: number; bits: number }): Int16Array {
  const ch = f.channels;
  if (ch < 1 || ch > 8) throw new Error(`unsupported WAV channel count ${ch}`);
  let read: (i: number) => number;
  let width: number;
  if (f.tag === 1 && f.bits === 16) [read, width] = [(i) => data.readInt16LE(i), 2];
  else if (f.tag === 1 && f.bits === 8) [read, width] = [(i) => ((data[i] as number) - 128) << 8, 1];
  else if (f.tag === 1 && f.bits === 24) [read, width] = [(i) => data.readIntLE(i, 3) >> 8, 3];
  else if (f.tag === 1 && f.bits === 32) [read, width] = [(i) => data.readInt32LE(i) >> 16, 4];
  else if (f.tag === 3 && f.bits === 32) {
    [read, width] = [(i) => Math.round(Math.max(-1, Math.min(1, data.readFloatLE(i))) * 32767), 4];
  } else throw new Error(`unsupported WAV encoding (format ${f.tag}, ${f.bits} bits)`);
  const frames = Math.floor(data.length / (width * ch));
  const out = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < ch; c++) sum += read((i * ch + c) * width);
    out[i] = Math.round(sum / ch);
  }
  return out;
}

/** The 44-byte header of a 16-bit PCM WAV holding `dataBytes` of samples. */
export function wavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/**
 * Resamples mono 16-bit audio (linear interpolation after a box low-pass when shrinking: good enough for
 * speech into an 8 kHz telephone channel, which cuts at 3.4 kHz anyway).
 */
export function resample(samples: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return samples;
  let src = samples;
  const ratio = from / to;
  if (ratio > 1) {
    const width = Math.max(1, Math.round(ratio));
    src = new Int16Array(samples.length);
    let acc = 0;
    for (let i = 0; i < samples.length; i++) {
      acc += samples[i] as number;
      if (i >= width) acc -= samples[i - width] as number;
      src[i] = Math.round(acc / Math.min(i + 1, width));
    }
  }
  const n = Math.floor(samples.length / ratio);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const pos = i * ratio;
    const j = Math.floor(pos);
    const frac = pos - j;
    const a = src[j] as number;
    const b = src[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * frac);
  }
  return out;
}
