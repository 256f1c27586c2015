// The operator console's session travels in cookies instead of the public params (docs/compat-notes.md
// "Console sessions"): an HttpOnly session cookie and a script-readable CSRF cookie that the console echoes in
// the X-CSRF-Token header (double submit). Both are SameSite=Strict, so another site can neither send the
// session along nor read the CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'aicall_session';
export const CSRF_COOKIE = 'aicall_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The value of one cookie of the request, or undefined. */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : decodeURIComponent(value);
  }
  return undefined;
}

/** The console session of a request: its token (cookie) and the CSRF token it echoed (header). */
export function consoleCredentials(
  req: FastifyRequest,
): { token: string; csrf: string | undefined } | undefined {
  const token = readCookie(req, SESSION_COOKIE);
  if (!token) return undefined;
  const csrf = req.headers[CSRF_HEADER];
  return { token, csrf: typeof csrf === 'string' ? csrf : undefined };
}

function cookie(req: FastifyRequest, name: string, value: string, httpOnly: boolean, maxAge?: number) {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict'];
  if (httpOnly) parts.push('HttpOnly');
  if (req.protocol === 'https') parts.push('Secure');
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  return parts.join('; ');
}

/** Session cookies live as long as the browser: idle expiry is decided by the server. */
export function setConsoleCookies(req: FastifyRequest, reply: FastifyReply, token: string, csrf: string) {
  reply.header('set-cookie', [
    cookie(req, SESSION_COOKIE, token, true),
    cookie(req, CSRF_COOKIE, csrf, false),
  ]);
}

export function clearConsoleCookies(req: FastifyRequest, reply: FastifyReply) {
  reply.header('set-cookie', [
    cookie(req, SESSION_COOKIE, '', true, 0),
    cookie(req, CSRF_COOKIE, '', false, 0),
  ]);
}
