import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Envelope } from './envelope.js';
import { errorBody } from './envelope.js';

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
  const fe = err as FastifyError & { code?: string };
  if (fe.code === 'FST_PROTO_VIOLATION') {
    // @fastify/multipart's own refusal of a `__proto__` field: answered like the other parsers' (input-guard.ts).
    return reply.status(200).send(errorBody(envelope, ErrorCode.WrongDataFormat, '参数名不允许: __proto__'));
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
  if ((err as { code?: string }).code === '23505') {
    return reply.status(200).send(errorBody(envelope, ErrorCode.Conflict, '数据已存在'));
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
