import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { checkInputTree, checkParamName, dictionary, parseJsonInput } from './input-guard.js';

/**
 * One body parser for every non-multipart request. The reference's clients send `application/json;charset=utf-8;`
 * (trailing semicolon), plain JSON with no or a wrong content type, and form-encoded bodies; all are accepted.
 */
export function registerBodyParser(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (text.startsWith('{') || text.startsWith('[') || type.includes('json')) {
      let parsed: unknown;
      try {
        parsed = parseJsonInput(text);
      } catch (err) {
        if (err instanceof AppError) return done(err, undefined);
        return done(new AppError(ErrorCode.WrongDataFormat, 'JSON格式错误,无法解析请求体'), undefined);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return done(new AppError(ErrorCode.WrongDataFormat, '请求体须为JSON对象'), undefined);
      }
      return done(null, parsed);
    }
    try {
      return done(null, parseForm(text));
    } catch (err) {
      return done(err as Error, undefined);
    }
  });
}

/** Form bodies in sent order, into an object without a prototype; repeated keys become arrays. */
function parseForm(text: string): Record<string, unknown> {
  const out = dictionary();
  for (const [k, v] of new URLSearchParams(text)) {
    checkParamName(k);
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...(prev as unknown[]), v] : [prev, v];
  }
  checkInputTree(out);
  return out;
}
