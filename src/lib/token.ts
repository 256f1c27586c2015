import { createHash, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random token over [A-Za-z0-9] from a CSPRNG — the reference's 8-character api_key (e.g. `Kpd2vKYC`).
 * @example randomToken(8)
 */
export function randomToken(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** sha256 hex of a bearer token: what is stored, so a database dump reveals no live key. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
