/**
 * Number detection through an external vendor over HTTP: numbers go out in batches (default 500) with
 * bounded concurrency; each request has a hard deadline; any failure — connection refused, timeout, non-2xx,
 * oversized or unreadable body — turns that batch into `kuwu` and counts toward a circuit breaker.
 *
 * Default wire format (override with `buildBody` / `statusMap`):
 *   POST <url>  content-type: application/json   {"numbers":["13800138000", …]}
 *   200 → any shape `parseDetectionResponse` accepts, e.g. {"code":0,"data":[{"number":"138…","status":"空号"}]}
 */
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';

import { systemClock } from '../../lib/clock.js';
import type { Clock } from '../../lib/clock.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { DEFAULT_STATUS_MAP, parseDetectionResponse } from './detection-response.js';
import { DetectionClass } from './number-detector.js';
import type { NumberDetector } from './number-detector.js';

export interface HttpNumberDetectorOptions {
  url: string;
  /** Extra request headers, e.g. the vendor's API key. */
  headers?: Readonly<Record<string, string>>;
  /** Numbers per request. Default 500. */
  batchSize?: number;
  /** Deadline per request (connect + headers + body). Default 5000 ms. */
  timeoutMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Bodies larger than this are treated as garbage. Default 8 MiB. */
  maxResponseBytes?: number;
  /** Vendor status values (trimmed, lower-cased) → classes, merged over `DEFAULT_STATUS_MAP`. */
  statusMap?: Readonly<Record<string, DetectionClass>>;
  /** Request body for one batch. Default `{ numbers }`. */
  buildBody?: (numbers: readonly string[]) => unknown;
  breaker?: CircuitBreakerOptions;
  clock?: Clock;
  /** Connection pool to use; by default the detector owns one (closed by `close()`). */
  dispatcher?: Dispatcher;
  /** Observability hook: one call per batch answered `kuwu` because of the vendor. */
  onBatchFailure?: (failure: BatchFailure) => void;
}

export interface BatchFailure {
  size: number;
  reason: 'circuit-open' | 'network' | 'timeout' | 'http-status' | 'too-large' | 'bad-body' | 'no-results';
  error?: unknown;
}

class BatchError extends Error {
  constructor(
    readonly reason: BatchFailure['reason'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * @example
 * const vendor = new HttpNumberDetector({ url: 'https://detect.example.com/api/check', headers: { 'x-api-key': key } });
 * const classes = await vendor.detect(['13800138000']); // Map { '13800138000' => 'shi' }
 */
export class HttpNumberDetector implements NumberDetector {
  readonly #options: HttpNumberDetectorOptions;
  readonly #batchSize: number;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #maxResponseBytes: number;
  readonly #statusMap: Readonly<Record<string, DetectionClass>>;
  readonly #breaker: CircuitBreaker;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(options: HttpNumberDetectorOptions) {
    this.#options = options;
    this.#batchSize = Math.max(1, options.batchSize ?? 500);
    this.#timeoutMs = Math.max(1, options.timeoutMs ?? 5000);
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
    this.#statusMap = { ...DEFAULT_STATUS_MAP, ...lowerKeys(options.statusMap ?? {}) };
    this.#breaker = new CircuitBreaker(options.clock ?? systemClock, options.breaker);
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        connections: this.#concurrency,
        connect: { timeout: this.#timeoutMs },
        keepAliveTimeout: 10_000,
      });
  }

  async detect(numbers: readonly string[]): Promise<Map<string, DetectionClass>> {
    const unique = [...new Set(numbers)];
    const result = new Map<string, DetectionClass>();
    const batches: string[][] = [];
    for (let i = 0; i < unique.length; i += this.#batchSize) {
      batches.push(unique.slice(i, i + this.#batchSize));
    }
    let nextBatch = 0;
    const worker = async (): Promise<void> => {
      while (nextBatch < batches.length) {
        const batch = batches[nextBatch++] ?? [];
        for (const [n, cls] of await this.#detectBatch(batch)) result.set(n, cls);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, batches.length) }, worker));
    return result;
  }

  /** Closes the connection pool the detector created (a passed-in dispatcher is left alone). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async #detectBatch(batch: readonly string[]): Promise<Map<string, DetectionClass>> {
    if (!this.#breaker.allows()) return this.#fallback(batch, { size: batch.length, reason: 'circuit-open' });
    try {
      const body = await this.#post(batch);
      const parsed = parseDetectionResponse(body, batch, this.#statusMap);
      if (parsed === undefined) throw new BatchError('bad-body', 'unrecognised response shape');
      if (parsed.matched === 0) throw new BatchError('no-results', 'response names none of the numbers');
      this.#breaker.recordSuccess();
      return parsed.classes;
    } catch (err) {
      this.#breaker.recordFailure();
      return this.#fallback(batch, { size: batch.length, reason: failureReason(err), error: err });
    }
  }

  async #post(batch: readonly string[]): Promise<unknown> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const payload = this.#options.buildBody?.(batch) ?? { numbers: batch };
    const res = await request(this.#options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...this.#options.headers },
      body: JSON.stringify(payload),
      dispatcher: this.#dispatcher,
      signal,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
    if (res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump();
      throw new BatchError('http-status', `HTTP ${res.statusCode}`);
    }
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > this.#maxResponseBytes) {
      await res.body.dump();
      throw new BatchError('too-large', `body of ${declared} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.#maxResponseBytes) {
        res.body.destroy();
        throw new BatchError('too-large', `body over ${this.#maxResponseBytes} bytes`);
      }
      chunks.push(chunk);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      throw new BatchError('bad-body', 'body is not JSON');
    }
  }

  #fallback(batch: readonly string[], failure: BatchFailure): Map<string, DetectionClass> {
    this.#options.onBatchFailure?.(failure);
    return new Map(batch.map((n) => [n, DetectionClass.Kuwu]));
  }
}

function failureReason(err: unknown): BatchFailure['reason'] {
  if (err instanceof BatchError) return err.reason;
  const name = err instanceof Error ? err.name : '';
  const code = (err as { code?: unknown } | null)?.code;
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return 'timeout';
  }
  return 'network';
}

function lowerKeys(map: Readonly<Record<string, DetectionClass>>): Record<string, DetectionClass> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.trim().toLowerCase(), v]));
}
