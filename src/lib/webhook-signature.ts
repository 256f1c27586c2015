// Signed pushes. Every push carries
//   X-Aicall-Signature: t=<unix seconds>,v1=<hex hmac-sha256(secret, t + "." + body)>[,v1=<…second secret…>]
// During a secret rotation both active secrets sign, so a receiver holding either one verifies. The other
// headers are informational: receivers written for the reference (which sends none of them) simply ignore them.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a push (HTTP header names are case-insensitive; receivers see them lowercased in Node). */
export const WebhookHeader = {
  /** `t=<unix seconds>,v1=<hex>[,v1=<hex>]`. */
  Signature: 'X-Aicall-Signature',
  /** Stable id of the event: identical on every attempt and on a manual resend — the receiver's dedupe key. */
  EventId: 'X-Aicall-Event-Id',
  /** The push kind, e.g. `call_record`. */
  EventType: 'X-Aicall-Event-Type',
  /** Unix seconds when this attempt was signed (same value as `t=`). */
  Timestamp: 'X-Aicall-Timestamp',
  /** 1 for the first attempt, 2 for the first retry, … */
  Attempt: 'X-Aicall-Attempt',
} as const;
export type WebhookHeaderName = (typeof WebhookHeader)[keyof typeof WebhookHeader];

/** Default accepted clock skew for receivers: five minutes, as the reference's own login timestamp rule. */
export const DEFAULT_SIGNATURE_TOLERANCE_SEC = 300;

const unixSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

/** Hex HMAC-SHA256 of `t + "." + body` (body as UTF-8, exactly the bytes sent). */
export function computeWebhookSignature(secret: string, timestampSec: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`, 'utf8').digest('hex');
}

/**
 * The `X-Aicall-Signature` value for `body`, one `v1=` per secret (at most two are active during rotation).
 * @example signWebhook('{"a":1}', ['s3cret'], 1700000000) // 't=1700000000,v1=5c…'
 */
export function signWebhook(body: string, secrets: readonly string[], timestampSec: number): string {
  if (secrets.length === 0) throw new RangeError('signWebhook needs at least one secret');
  const parts = secrets.map((secret) => `v1=${computeWebhookSignature(secret, timestampSec, body)}`);
  return [`t=${timestampSec}`, ...parts].join(',');
}

export interface WebhookHeaderInput {
  eventId: string;
  eventType: string;
  /** 1-based attempt number. */
  attempt: number;
  body: string;
  /** Active signing secrets of the tenant (0, 1 or 2); with none the signature header is left out. */
  secrets: readonly string[];
  now: Date;
}

/**
 * All `X-Aicall-*` headers for one attempt. Sign per attempt (not per event) so the timestamp stays fresh.
 * @example buildWebhookHeaders({ eventId: 'evt_1', eventType: 'call_record', attempt: 1, body, secrets: [s], now })
 */
export function buildWebhookHeaders(input: WebhookHeaderInput): Record<string, string> {
  const t = unixSeconds(input.now);
  const headers: Record<string, string> = {
    [WebhookHeader.EventId]: input.eventId,
    [WebhookHeader.EventType]: input.eventType,
    [WebhookHeader.Timestamp]: String(t),
    [WebhookHeader.Attempt]: String(input.attempt),
  };
  if (input.secrets.length > 0) headers[WebhookHeader.Signature] = signWebhook(input.body, input.secrets, t);
  return headers;
}

export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';
export type SignatureVerdict = { ok: true; timestampSec: number } | { ok: false; reason: SignatureFailure };

/** Parsed `t=…,v1=…` header; unknown keys (a future `v2=`) are ignored so receivers keep working. */
function parseSignatureHeader(header: string): { t: number; v1: Buffer[] } | undefined {
  let t: number | undefined;
  const v1: Buffer[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || t !== undefined) return undefined;
      t = Number(value);
    } else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) {
      v1.push(Buffer.from(value, 'hex'));
    }
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/**
 * Receiver-side check of `X-Aicall-Signature`: the timestamp must be within `toleranceSec` of `now` and some
 * `v1` must equal the HMAC under some secret (constant-time compare). Pass the raw body exactly as received.
 * @example verifyWebhookSignature(req.headers['x-aicall-signature'], rawBody, ['s3cret'], 300, new Date())
 */
export function verifyWebhookSignature(
  header: string | undefined,
  body: string,
  secrets: readonly string[],
  toleranceSec: number = DEFAULT_SIGNATURE_TOLERANCE_SEC,
  now: Date = new Date(),
): SignatureVerdict {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (Math.abs(unixSeconds(now) - parsed.t) > toleranceSec) return { ok: false, reason: 'stale' };
  let matched = false;
  // Compare every pair without early exit so timing says nothing about which secret or value matched.
  for (const secret of secrets) {
    const expected = Buffer.from(computeWebhookSignature(secret, parsed.t, body), 'hex');
    for (const candidate of parsed.v1) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched ? { ok: true, timestampSec: parsed.t } : { ok: false, reason: 'mismatch' };
}
