// Sends fuzz requests over real loopback sockets (one keep-alive agent per local address) and judges each answer.
import http from 'node:http';
import { ErrorCode } from '../../src/lib/app-error.js';
import type { FuzzRequest } from './fuzz-requests.js';

export interface FuzzAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const agents = new Map<string, http.Agent>();
const agentFor = (localAddress: string) => {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 8, localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
};

export function closeFuzzAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** Sends one request; a connection reset before any answer is reported as status 0. */
export function send(port: number, req: FuzzRequest, timeoutMs = 60_000): Promise<FuzzAnswer> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: req.headers,
        agent: agentFor(req.localAddress),
        timeout: timeoutMs,
      },
      (res) => {
        const contentType = String(res.headers['content-type'] ?? '');
        // An event stream never ends by design: status and headers are its answer (a refusal is plain JSON).
        if (contentType.includes('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, contentType, body: '' });
          r.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
        resolve({ status: 0, contentType: '', body: '' });
      } else reject(err);
    });
    r.end(req.body);
  });
}

const KNOWN_CODES = new Set<number>([...Object.values(ErrorCode), 200]);
const STACK_TRACE =
  /\n\s+at \S|\bat [\w.<>]+ \(|\(?\/[\w./-]+\.[jt]s:\d+:\d+\)?|node_modules\/|(?:Type|Reference|Range|Syntax)Error:/;

/** What is wrong with an answer, or undefined when it is acceptable. */
export function judge(req: FuzzRequest, answer: FuzzAnswer): string | undefined {
  if (answer.status === 0) return 'connection reset without an answer';
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (STACK_TRACE.test(answer.body)) return 'stack trace or source path in the body';
  const isJson = answer.contentType.includes('application/json');
  if (answer.status >= 400 && !isJson) return `HTTP ${answer.status} without a JSON error body`;
  if (!isJson) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return 'invalid JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return answer.status >= 400 ? 'error body is not an object' : undefined;
  }
  const o = parsed as { code?: unknown; rst?: unknown; msg?: unknown };
  const code = o.code ?? (o.rst === undefined ? undefined : Number(o.rst));
  if (answer.status >= 400 && code === undefined) return 'error body without a code';
  if (code === undefined) return undefined;
  if (typeof code !== 'number' || !KNOWN_CODES.has(code)) {
    return `unknown code ${JSON.stringify(o.code ?? o.rst)}`;
  }
  if (o.rst !== undefined && o.code !== undefined && Number(o.rst) !== o.code) {
    return 'rst and code disagree';
  }
  if (code !== 0 && code !== 200 && (typeof o.msg !== 'string' || o.msg === '')) {
    return 'error without a message';
  }
  if (code === ErrorCode.Internal) return 'code 50000 (internal error)';
  return undefined;
}
