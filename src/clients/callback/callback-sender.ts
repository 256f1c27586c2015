// One HTTP POST of a push to a customer's callback URL (5.7.15, 6.6.1, 7.7): SSRF-guarded at connect time,
// no redirects, capped response, a total deadline per attempt, a concurrency cap per destination host, and
// pooled keep-alive connections. It never throws: every outcome, good or bad, is a SendResult that the push
// policy (services/push/policy/) judges and the delivery log records.
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { EMPTY_ALLOW_LIST, type AllowList } from '../../lib/ip-range.js';
import { CallbackUrlProblem, validateCallbackUrl } from './callback-url.js';
import { createGuardedLookup, systemResolver, type Resolver } from './guarded-lookup.js';
import { KeyedSemaphore } from './keyed-semaphore.js';
import { classifySendError, SendErrorKind, type SendError } from './send-failure.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
export const DEFAULT_PER_HOST_CONCURRENCY = 8;
/** Bytes of the response body kept for the delivery log (and for the `SUCCESS` check). */
export const SNIPPET_BYTES = 1024;
const MAX_RETRY_AFTER_SECONDS = 86_400;

export interface CallbackSenderOptions {
  /** Private/reserved destinations that are nevertheless allowed (`CALLBACK_ALLOWLIST`). Default: none. */
  allowList?: AllowList;
  /** Concurrent requests per destination host. Default 8. */
  perHostConcurrency?: number;
  /** Default per-attempt deadline (connect + request + whole response). Default 10 s. */
  timeoutMs?: number;
  /** Default response-body cap. Default 64 KiB. */
  maxResponseBytes?: number;
  /** How long an idle pooled connection is kept when the receiver gives no keep-alive hint. Default 10 s. */
  keepAliveTimeoutMs?: number;
  userAgent?: string;
  /** DNS resolution (tests inject a fake one). Default: the system resolver, so /etc/hosts applies. */
  resolve?: Resolver;
}

export interface CallbackRequest {
  url: string;
  /** Sent verbatim as UTF-8; the signature must be computed over this exact string. */
  body: string;
  /** Extra headers (the `X-Aicall-*` set); they override the defaults. */
  headers?: Readonly<Record<string, string>>;
  /** Deadline of this attempt; it starts once the host slot is held, so time queued behind it is not counted. */
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface SendResult {
  /** HTTP status, or 0 when no response was received. */
  status: number;
  /** Up to 1 KiB of the response body, cut at a character boundary. */
  bodySnippet: string;
  /** Response body bytes read (for too_large: the declared or read size when the cap was hit). */
  bodyBytes: number;
  /** From holding the host slot to the end of the response (ms). */
  latencyMs: number;
  /** Time spent waiting for a free slot of the destination host (ms). */
  queuedMs: number;
  /** Seconds from a `Retry-After` header on 429/503, capped at one day. */
  retryAfterSeconds?: number;
  /** Absent when an HTTP exchange completed with a non-3xx status (whatever that status is). */
  error?: SendError;
}

const elapsed = (since: number): number => Math.round(performance.now() - since);

/**
 * Pushes callback bodies to customer URLs.
 * @example
 * const sender = new CallbackSender({ allowList: parseAllowList(env.CALLBACK_ALLOWLIST).allowList });
 * const r = await sender.send({ url, body, headers: buildWebhookHeaders({ … }) });
 * await sender.close();
 */
export class CallbackSender {
  readonly #allowList: AllowList;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #defaultHeaders: Record<string, string>;
  readonly #semaphore: KeyedSemaphore;
  readonly #agent: Agent;

  constructor(options: CallbackSenderOptions = {}) {
    const perHost = options.perHostConcurrency ?? DEFAULT_PER_HOST_CONCURRENCY;
    this.#allowList = options.allowList ?? EMPTY_ALLOW_LIST;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#defaultHeaders = {
      'content-type': 'application/json;charset=utf-8',
      accept: '*/*',
      'user-agent': options.userAgent ?? 'aicall-push/1',
    };
    this.#semaphore = new KeyedSemaphore(perHost);
    this.#agent = new Agent({
      // One pool per origin never opens more sockets than the host may have requests in flight.
      connections: perHost,
      pipelining: 1,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
      keepAliveMaxTimeout: 60_000,
      connect: { lookup: createGuardedLookup(this.#allowList, options.resolve ?? systemResolver) },
    });
  }

  /** POSTs `request.body` once. Never rejects. */
  async send(request: CallbackRequest): Promise<SendResult> {
    const queuedSince = performance.now();
    try {
      const verdict = validateCallbackUrl(request.url, this.#allowList);
      if (!verdict.ok) {
        const kind =
          verdict.problem === CallbackUrlProblem.PrivateAddress
            ? SendErrorKind.Ssrf
            : SendErrorKind.InvalidUrl;
        return failure(0, { kind, message: verdict.reason });
      }
      const release = await this.#semaphore.acquire(verdict.host);
      try {
        return await this.#attempt(verdict.url, request, elapsed(queuedSince));
      } finally {
        release();
      }
    } catch (err) {
      // #attempt reports its own failures; this only catches the unexpected, so the caller still gets a result.
      return failure(elapsed(queuedSince), classifySendError(err, false));
    }
  }

  /** Requests currently in flight to `host`. */
  inFlight(host: string): number {
    return this.#semaphore.inFlight(host);
  }

  /** Requests waiting for a slot of `host`. */
  waiting(host: string): number {
    return this.#semaphore.waiting(host);
  }

  /** Lets in-flight requests finish, then closes pooled connections. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #attempt(url: URL, request: CallbackRequest, queuedMs: number): Promise<SendResult> {
    const cap = request.maxResponseBytes ?? this.#maxResponseBytes;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs ?? this.#timeoutMs);
    const started = performance.now();
    let status = 0;
    let read: CappedBody = { snippet: '', bytes: 0, tooLarge: false };
    let retryAfterSeconds: number | undefined;
    try {
      const response = await this.#agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: mergeHeaders(this.#defaultHeaders, request.headers),
        body: request.body,
        signal: controller.signal,
      });
      status = response.statusCode;
      if (status === 429 || status === 503) {
        retryAfterSeconds = parseRetryAfter(response.headers['retry-after']);
      }
      read = await readCapped(response, cap);
      const base = {
        status,
        bodySnippet: read.snippet,
        bodyBytes: read.bytes,
        latencyMs: elapsed(started),
        queuedMs,
      };
      const withRetry = retryAfterSeconds === undefined ? base : { ...base, retryAfterSeconds };
      if (read.tooLarge) {
        return {
          ...withRetry,
          error: { kind: SendErrorKind.TooLarge, message: `response body over ${cap} bytes` },
        };
      }
      if (status >= 300 && status < 400) {
        const location = String(response.headers.location ?? '').slice(0, 200);
        return {
          ...withRetry,
          error: { kind: SendErrorKind.Redirect, message: `HTTP ${status} to ${location || '?'}` },
        };
      }
      return withRetry;
    } catch (err) {
      return {
        status,
        bodySnippet: read.snippet,
        bodyBytes: read.bytes,
        latencyMs: elapsed(started),
        queuedMs,
        error: classifySendError(err, timedOut),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}

const failure = (queuedMs: number, error: SendError): SendResult => ({
  status: 0,
  bodySnippet: '',
  bodyBytes: 0,
  latencyMs: 0,
  queuedMs,
  error,
});

function mergeHeaders(
  defaults: Record<string, string>,
  extra?: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged = { ...defaults };
  for (const [name, value] of Object.entries(extra ?? {})) merged[name.toLowerCase()] = value;
  return merged;
}

interface CappedBody {
  snippet: string;
  bytes: number;
  tooLarge: boolean;
}

/** Reads at most `cap` bytes, keeping the first SNIPPET_BYTES; a larger body is abandoned (socket dropped). */
async function readCapped(response: Dispatcher.ResponseData, cap: number): Promise<CappedBody> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    response.body.destroy();
    return { snippet: '', bytes: declared, tooLarge: true };
  }
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let bytes = 0;
  let tooLarge = false;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (keptBytes < SNIPPET_BYTES) {
      const part = chunk.subarray(0, SNIPPET_BYTES - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
    if (bytes > cap) {
      tooLarge = true;
      break; // leaving the loop destroys the body stream
    }
  }
  // stream: true holds back a multi-byte character cut at the end instead of emitting U+FFFD.
  const snippet = new TextDecoder('utf-8').decode(Buffer.concat(kept), { stream: true });
  return { snippet, bytes, tooLarge };
}

/** `Retry-After` as delta-seconds or an HTTP date, in seconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: Date = new Date(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SECONDS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.min(MAX_RETRY_AFTER_SECONDS, Math.ceil((at - now.getTime()) / 1000)));
}
