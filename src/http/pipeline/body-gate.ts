// Bodies are read only as far as the caller has earned: an anonymous body is capped far below the upload limit,
// and all bodies in memory at once share one budget (compat-notes "Request bodies").
import { PassThrough, Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../lib/app-error.js';
import { BodyRefusal, tooLarge } from './body-refusal.js';

export interface BodyGateOptions {
  readonly maxBodyBytes: number;
  /** Bodies without valid public params in the query string or the body's first bytes stop here. */
  readonly anonymousBytes: number;
  /** Body bytes held by all requests together. */
  readonly inflightBudget: number;
  /** Whether the public params identify a live key (counts as an attempt for brute-force protection). */
  readonly credentialsValid: (apiKey: string, userSn: string, address: string) => Promise<boolean>;
  /** Reports the bytes currently held (a gauge). */
  readonly onInflight?: (bytes: number) => void;
}

/** Where clients put the public params of a large body: in front (every known client does). */
export const CREDENTIAL_PREFIX_BYTES = 64 * 1024;

const mb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1048576))}MB`;

/** Registers the gate as a preParsing hook; multipart bodies are gated by multipart-input.ts instead. */
export function registerBodyGate(app: FastifyInstance, opts: BodyGateOptions): void {
  let inflight = 0;
  const held = new WeakMap<FastifyRequest, number>();
  const release = (req: FastifyRequest) => {
    inflight -= held.get(req) ?? 0;
    held.delete(req);
    opts.onInflight?.(inflight);
  };
  app.addHook('onResponse', (req, _reply, done) => {
    release(req);
    done();
  });
  app.addHook('onRequestAbort', (req, done) => {
    release(req);
    done();
  });

  app.addHook('preParsing', async (req, _reply, payload) => {
    if (
      String(req.headers['content-type'] ?? '')
        .toLowerCase()
        .includes('multipart/form-data')
    ) {
      return payload;
    }
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    let limit = opts.anonymousBytes;
    let stream: Readable = payload;
    const fromQuery = credentialsIn(req.query);
    if (fromQuery && (await opts.credentialsValid(fromQuery.apiKey, fromQuery.userSn, req.ip))) {
      limit = opts.maxBodyBytes;
    } else if (!(declared <= opts.anonymousBytes)) {
      const prefix = await readPrefix(payload, CREDENTIAL_PREFIX_BYTES);
      const found = credentialsInText(Buffer.concat(prefix.chunks).toString('utf8'));
      if (found && (await opts.credentialsValid(found.apiKey, found.userSn, req.ip))) {
        limit = opts.maxBodyBytes;
      }
      stream = replay(prefix, payload);
    }
    const refusal =
      limit < opts.maxBodyBytes
        ? `未认证的请求体上限${mb(limit)}: 大请求须在查询串或请求体开头携带有效的 api_key 和 user_sn`
        : `请求体过大,上限${mb(limit)}`;
    if (declared > limit) throw tooLarge(refusal);
    let received = 0;
    return stream.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          received += chunk.length;
          if (received > limit) return done(tooLarge(refusal));
          if (inflight + chunk.length > opts.inflightBudget) {
            return done(
              new BodyRefusal(429, ErrorCode.LimitExceeded, '服务器繁忙: 正在接收的请求体过多,请稍后重试'),
            );
          }
          inflight += chunk.length;
          held.set(req, (held.get(req) ?? 0) + chunk.length);
          opts.onInflight?.(inflight);
          done(null, chunk);
        },
      }),
    );
  });
}

interface Credentials {
  readonly apiKey: string;
  readonly userSn: string;
}

function credentialsIn(query: unknown): Credentials | undefined {
  if (query === null || typeof query !== 'object') return undefined;
  const q = query as Record<string, unknown>;
  const apiKey = q.api_key ?? q.apikey;
  const userSn = q.user_sn;
  return typeof apiKey === 'string' && typeof userSn === 'string' && apiKey && userSn
    ? { apiKey, userSn }
    : undefined;
}

/** Public params in the first bytes of a JSON or form body. */
export function credentialsInText(text: string): Credentials | undefined {
  const json = (name: string) => new RegExp(`"${name}"\\s*:\\s*"([^"\\\\]{1,128})"`).exec(text)?.[1];
  const form = (name: string) => {
    const raw = new RegExp(`(?:^|&)${name}=([^&]{1,384})`).exec(text)?.[1];
    if (raw === undefined) return undefined;
    try {
      return decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  };
  const apiKey = json('api_key') ?? json('apikey') ?? form('api_key') ?? form('apikey');
  const userSn = json('user_sn') ?? form('user_sn');
  return apiKey && userSn ? { apiKey, userSn } : undefined;
}

interface Prefix {
  readonly chunks: Buffer[];
  readonly ended: boolean;
}

function readPrefix(stream: Readable, bytes: number): Promise<Prefix> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      stream.pause();
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= bytes) {
        stop();
        resolve({ chunks, ended: false });
      }
    };
    const onEnd = () => {
      stop();
      resolve({ chunks, ended: true });
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    const onClose = () => {
      stop();
      reject(new BodyRefusal(400, ErrorCode.WrongDataFormat, '请求体未发送完整'));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

/** The prefix already read, then the rest of the body, as one stream. */
function replay(prefix: Prefix, rest: Readable): Readable {
  const out = new PassThrough();
  for (const chunk of prefix.chunks) out.write(chunk);
  if (prefix.ended) out.end();
  else rest.pipe(out);
  return out;
}
