import { createHash, randomBytes } from 'node:crypto';

/** Lowercase hex md5 — the reference's signing primitive (§1.4, §1.5). */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** 32 lowercase hex characters from a CSPRNG: the tail of every typed sn. */
export function randomHex32(): string {
  return randomBytes(16).toString('hex');
}
