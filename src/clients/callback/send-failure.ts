// Maps whatever the HTTP stack threw to one of a few failure kinds, which the push policy turns into
// retry / give-up decisions (services/push/policy/failure-class.ts).
import { SsrfRefusedError } from './guarded-lookup.js';

/** Kinds of a failed attempt. A non-2xx status alone is not a failure kind: it is reported as `status`. */
export const SendErrorKind = {
  /** The per-attempt deadline passed (connect + send + response). */
  Timeout: 'timeout',
  /** TCP/TLS could not be established or broke (refused, reset, unreachable, certificate). */
  Connect: 'connect',
  /** The host name did not resolve. */
  Dns: 'dns',
  /** The destination is private/reserved and not allow-listed; nothing was sent. */
  Ssrf: 'ssrf',
  /** The response body exceeded the cap. */
  TooLarge: 'too_large',
  /** The receiver answered 3xx; redirects are never followed. */
  Redirect: 'redirect',
  /** The URL itself is unusable (scheme, credentials, syntax); nothing was sent. */
  InvalidUrl: 'invalid_url',
  Other: 'other',
} as const;
export type SendErrorKind = (typeof SendErrorKind)[keyof typeof SendErrorKind];

export interface SendError {
  kind: SendErrorKind;
  message: string;
}

const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'ENODATA',
  'ESERVFAIL',
]);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const codeOf = (e: unknown): string | undefined => {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
};

/** The error and its `cause` chain (undici wraps socket errors). */
function* chain(err: unknown): Generator<unknown> {
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    yield e;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
}

const messageOf = (err: unknown): string => {
  const text = err instanceof Error ? err.message : String(err);
  const code = codeOf(err);
  const full = code && !text.includes(code) ? `${code}: ${text}` : text;
  return full.length > 300 ? `${full.slice(0, 300)}…` : full;
};

/**
 * Classifies a thrown error. `timedOut` is true when our own per-attempt deadline fired (an abort then surfaces
 * as an AbortError whatever stage it interrupted).
 */
export function classifySendError(err: unknown, timedOut: boolean): SendError {
  if (timedOut) return { kind: SendErrorKind.Timeout, message: 'per-attempt timeout exceeded' };
  for (const e of chain(err)) {
    if (e instanceof SsrfRefusedError) return { kind: SendErrorKind.Ssrf, message: e.message };
    const code = codeOf(e);
    if (code === undefined) continue;
    if (DNS_CODES.has(code)) return { kind: SendErrorKind.Dns, message: messageOf(e) };
    if (TIMEOUT_CODES.has(code)) return { kind: SendErrorKind.Timeout, message: messageOf(e) };
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
      return { kind: SendErrorKind.TooLarge, message: messageOf(e) };
    }
    // TLS handshake and certificate failures: the connection could not be established securely.
    if (
      CONNECT_CODES.has(code) ||
      code.startsWith('ERR_TLS') ||
      code.startsWith('ERR_SSL') ||
      /CERT/.test(code)
    ) {
      return { kind: SendErrorKind.Connect, message: messageOf(e) };
    }
  }
  return { kind: SendErrorKind.Other, message: messageOf(err) };
}
