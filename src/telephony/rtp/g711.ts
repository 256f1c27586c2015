/**
 * G.711 (ITU-T G.711, 1988): 8 kHz telephone audio, one byte per sample. PCMU (μ-law, RTP payload type 0) and
 * PCMA (A-law, payload type 8) compress a 16-bit linear sample to 8 bits on a logarithmic scale:
 *
 *    bit  7    6 5 4      3 2 1 0
 *       ┌────┬────────┬──────────┐
 *       │sign│ segment│ mantissa │   μ-law: all bits inverted; A-law: even bits inverted (xor 0x55)
 *       └────┴────────┴──────────┘
 *
 * Decoding goes through 256-entry tables; encoding through the reference algorithm (fast enough: a 20 ms frame
 * is 160 samples).
 */

const BIAS = 0x84;
const CLIP = 32635;

/** One 16-bit sample → μ-law byte. */
export function linearToUlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** μ-law byte → 16-bit sample. */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

/** One 16-bit sample → A-law byte. */
export function linearToAlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  let byte: number;
  if (s < 256) {
    byte = s >> 4;
  } else {
    let exponent = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exponent > 1; mask >>= 1) exponent--;
    byte = (exponent << 4) | ((s >> (exponent + 3)) & 0x0f);
  }
  return (byte | sign) ^ 0x55;
}

/** A-law byte → 16-bit sample. */
export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if (magnitude > 32767) magnitude = 32767;
  return sign ? magnitude : -magnitude;
}

const ULAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i));

/** The codecs we offer, by RTP payload type (RFC 3551 static types). */
export type G711Codec = 'PCMU' | 'PCMA';
export const PAYLOAD_TYPE: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

/** Bytes of one silent sample (the encoding of 0). */
export const SILENCE_BYTE: Readonly<Record<G711Codec, number>> = { PCMU: 0xff, PCMA: 0xd5 };

/** Encoded bytes → 16-bit samples. */
export function decodeG711(codec: G711Codec, payload: Uint8Array): Int16Array {
  const table = codec === 'PCMU' ? ULAW_TABLE : ALAW_TABLE;
  const out = new Int16Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = table[payload[i] as number] as number;
  return out;
}

/** 16-bit samples → encoded bytes. */
export function encodeG711(codec: G711Codec, samples: Int16Array): Buffer {
  const encode = codec === 'PCMU' ? linearToUlaw : linearToAlaw;
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = encode(samples[i] as number);
  return out;
}
