import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { BodyRefusal } from './body-refusal.js';
import type { Envelope } from './envelope.js';
import { errorBody } from './envelope.js';
import { INHERITED_NAME_REFUSAL } from './input-guard.js';

function envelopeOf(req: FastifyRequest): Envelope | undefined {
  return (req.routeOptions.config as { envelope?: Envelope } | undefined)?.envelope;
}

/**
 * The one place errors become responses. Domain errors answer HTTP 200 with the vendor code (as the reference's
 * PHP server does); transport errors keep their HTTP status with a vendor-shaped body; anything unexpected is
 * logged and answered without a stack trace.
 */
export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  const envelope = envelopeOf(req);
  if (err instanceof AppError) {
    return reply.status(200).send(errorBody(envelope, err.code, err.message, err.details));
  }
  if (err instanceof BodyRefusal) {
    return reply.status(err.statusCode).send(errorBody(envelope, err.vendorCode, err.message));
  }
  const fe = err as FastifyError & { code?: string };
  if (fe.code === 'FST_PROTO_VIOLATION') {
    // @fastify/multipart's own refusal of a `__proto__` field: answered like the other parsers' (input-guard.ts).
    return reply.status(200).send(errorBody(envelope, ErrorCode.WrongDataFormat, INHERITED_NAME_REFUSAL));
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
    return reply.status(413).send(errorBody(envelope, ErrorCode.WrongDataFormat, '请求体过大'));
  }
  if (
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    fe.statusCode === 400 ||
    fe.statusCode === 415
  ) {
    return reply
      .status(400)
      .send(errorBody(envelope, ErrorCode.WrongDataFormat, `数据格式错误: ${fe.message}`));
  }
  const refused = storeRefusal((err as { code?: unknown }).code);
  if (refused) {
    // The validation layer should have caught it first; logged so the missing bound can be added there.
    req.log.warn(
      { pgCode: (err as { code?: string }).code, route: req.routeOptions.url },
      'input refused by the database',
    );
    return reply.status(200).send(errorBody(envelope, refused.code, refused.msg));
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send(errorBody(envelope, ErrorCode.Internal, '服务器内部错误'));
}

export function handleNotFound(req: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(404)
    .send(
      errorBody(
        undefined,
        ErrorCode.WrongTransferMethod,
        `接口不存在: ${req.method} ${req.url.split('?')[0]}`,
      ),
    );
}

/**
 * PostgreSQL refusals caused by the values sent, never by the server: SQLSTATE class 22 (data exception: out of
 * range, NUL, bad format) and class 23 (constraint violation). They answer a vendor code, not a 500.
 */
function storeRefusal(code: unknown): { code: number; msg: string } | undefined {
  if (typeof code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(code)) return undefined;
  if (code === '23505') return { code: ErrorCode.Conflict, msg: '数据已存在' };
  if (code === '23503') return { code: ErrorCode.NotFound, msg: '关联的数据不存在' };
  if (code.startsWith('23')) return { code: ErrorCode.WrongDataFormat, msg: '参数错误: 数据不满足约束' };
  return { code: ErrorCode.WrongDataFormat, msg: '参数错误: 数值超出范围或含有无法保存的字符' };
}
