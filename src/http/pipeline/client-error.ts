// Requests Node's HTTP parser refuses before Fastify sees them — headers (request line and query string included)
// over 16 KB, a malformed request, a request not received in time — answer like every other refusal: an HTTP status
// and the vendor envelope with 20002 (compat-notes "Transport"). The connection is closed afterwards: its byte
// stream can no longer be parsed.
import type { Socket } from 'node:net';
import { ErrorCode } from '../../lib/app-error.js';
import { errorBody } from './envelope.js';

/** How long the rest of a refused request is read and discarded before the socket is destroyed. */
const LINGER_MS = 2_000;

interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly msg: string;
}

function refusalOf(code: string | undefined): Refusal {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      msg: '请求头过大(含查询串),上限16KB: 参数较多时请放在请求体中发送',
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, reason: 'Request Timeout', msg: '请求超时: 未在规定时间内收到完整的请求' };
  }
  return { status: 400, reason: 'Bad Request', msg: '请求格式错误: 无法解析的HTTP请求' };
}

// The parser reports the same error again for every later chunk of the same connection: answered once.
const answered = new WeakSet<Socket>();

/**
 * Fastify's `clientErrorHandler`: writes a complete answer with `Connection: close` (so a keep-alive client opens
 * a fresh socket for its next request), then closes the socket. The socket is destroyed only after the client has
 * closed or `LINGER_MS` passed: destroying it with unread bytes would send a reset that can overtake the answer.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  const inflight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inflight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, reason, msg } = refusalOf(err.code);
  const body = JSON.stringify(errorBody(undefined, ErrorCode.WrongDataFormat, msg));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
}
