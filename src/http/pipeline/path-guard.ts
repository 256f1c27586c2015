import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../lib/app-error.js';
import { errorBody } from './envelope.js';

/**
 * True when a request path climbs or stays put with `.`/`..` segments (raw or percent-encoded, `/` or `\`):
 * no endpoint or static file is addressed that way, and static file serving must never see one.
 * @example hasDotSegment('/docs/static/..') // true
 */
export function hasDotSegment(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true; // malformed escapes: not a path any endpoint has
  }
  return decoded.includes('\0') || decoded.split(/[/\\]/).some((seg) => seg === '.' || seg === '..');
}

/** Answers such paths 404 before routing (the static document handler would otherwise fail on them). */
export function registerPathGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (hasDotSegment(req.raw.url ?? '/')) {
      return reply.status(404).send(errorBody(undefined, ErrorCode.WrongTransferMethod, '接口不存在'));
    }
  });
}
