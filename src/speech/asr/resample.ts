/**
 * 8 kHz → 16 kHz for recognisers that take 16 kHz: each sample followed by the midpoint to the next (linear
 * interpolation; the last sample of a chunk is repeated). Telephone audio has nothing above 4 kHz, so nothing
 * is lost that was there.
 */
export function upsample2x(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) {
    const a = pcm[i]!;
    const b = i + 1 < pcm.length ? pcm[i + 1]! : a;
    out[2 * i] = a;
    out[2 * i + 1] = (a + b) >> 1;
  }
  return out;
}
