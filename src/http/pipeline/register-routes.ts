import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { randomHex32 } from '../../lib/hash.js';
import type { TenantContext } from '../../services/tenant-context.js';
import type { Services } from '../services.js';
import { zOptStr } from './coerce.js';
import { dictionary } from './input-guard.js';
import type { AnyRoute, HandlerContext, UploadedFile } from './define-route.js';
import { successBody } from './envelope.js';
import { requestInput, signedParams } from './request-input.js';
import { checkUrlSign } from './url-sign.js';

export interface PipelineOptions {
  readonly services: Services;
  readonly strictUrlCheck: boolean;
  readonly uploadDir: string;
  readonly maxUploadBytes: number;
}

/** The public params every authenticated call carries (§1.3), shown in the OpenAPI document. */
export const PublicParams = z.object({
  api_key: z.string().describe('1.2/1.3 登录返回的 api_key'),
  user_sn: z.string().describe('登录账号的 user_sn'),
  url: zOptStr().describe('防劫持字符串(可选;严格模式下必填)'),
});

const NO_TENANT = new Proxy({} as TenantContext, {
  get() {
    throw new Error('route declared auth: none but used the tenant');
  },
});

/** Registers each route for both GET and POST (the documented method carries the OpenAPI schema). */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly AnyRoute[],
  opts: PipelineOptions,
): void {
  for (const def of routes) {
    const own = def.params as z.ZodObject;
    const params = def.auth === 'none' ? own : own.extend(PublicParams.shape);
    const docSchema = {
      summary: `${def.section} ${def.title}`,
      tags: [def.section === 'ext' ? 'ext' : `§${def.section.split('.')[0]}`],
      ...(def.method === 'GET' ? { querystring: params } : { body: params }),
    };
    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url: def.path,
        schema: method === def.method ? docSchema : { hide: true },
        config: { envelope: def.envelope },
        handler: (req, reply) => runRoute(def, req, reply, opts),
      });
    }
  }
}

async function runRoute(def: AnyRoute, req: FastifyRequest, reply: FastifyReply, opts: PipelineOptions) {
  const files: UploadedFile[] = [];
  try {
    const fields = def.multipart && req.isMultipart() ? await readMultipart(req, files, opts) : undefined;
    const input = requestInput(req, fields);
    const tenant = def.auth === 'none' ? NO_TENANT : await authenticate(def, req, input, opts);
    const parsed = (def.params as z.ZodObject).safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '参数'}: ${i.message}`);
      throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${problems.join('; ')}`);
    }
    const ctx: HandlerContext = { services: opts.services, tenant, files, req, reply };
    const result = await def.handler(parsed.data, ctx);
    if (def.envelope === 'file') return reply;
    return successBody(def.envelope, result, def.msg ?? '');
  } finally {
    await Promise.all(files.map((f) => unlink(f.path).catch(() => undefined)));
  }
}

async function authenticate(
  def: AnyRoute,
  req: FastifyRequest,
  input: Record<string, unknown>,
  opts: PipelineOptions,
) {
  // 5.3.2 spells the key `apikey`; accept it everywhere (compat-notes "Public params").
  const apiKey = input.api_key ?? input.apikey;
  const userSn = input.user_sn;
  if (typeof apiKey !== 'string' || apiKey === '' || typeof userSn !== 'string' || userSn === '') {
    throw new AppError(ErrorCode.ApiKeyInvalid, '缺少公共参数 api_key 或 user_sn');
  }
  const tenant = await opts.services.auth.authenticate(apiKey, userSn);
  verifyUrl(req, input.url, opts.strictUrlCheck);
  if (def.permission) await opts.services.auth.requirePermission(tenant, def.permission);
  return tenant;
}

/** §1.5: verified when present; required only in strict mode. */
export function verifyUrl(req: FastifyRequest, url: unknown, strict: boolean): void {
  if (url === undefined || url === '') {
    if (strict) throw new AppError(ErrorCode.UrlVerifyFailed, 'url验证失败: 缺少url参数');
    return;
  }
  const result = checkUrlSign(signedParams(req), typeof url === 'string' ? url : JSON.stringify(url));
  if (result === 'order') {
    throw new AppError(ErrorCode.ParamOrderMismatch, 'url计算所用json的参数顺序与请求参数顺序不一致');
  }
  if (result === 'mismatch') throw new AppError(ErrorCode.UrlVerifyFailed, 'url验证失败');
}

/** Streams multipart files to capped temporary files and collects the other fields in order. */
async function readMultipart(req: FastifyRequest, files: UploadedFile[], opts: PipelineOptions) {
  const fields = dictionary();
  await mkdir(opts.uploadDir, { recursive: true });
  for await (const part of req.parts({ limits: { fileSize: opts.maxUploadBytes } })) {
    if (part.type === 'field') {
      fields[part.fieldname] = part.value;
      continue;
    }
    const target = path.join(opts.uploadDir, `${randomHex32()}.upload`);
    const file: UploadedFile = {
      field: part.fieldname,
      filename: part.filename,
      path: target,
      bytes: 0,
      mimetype: part.mimetype,
    };
    files.push(file);
    await pipeline(part.file, createWriteStream(target));
    if (part.file.truncated) {
      throw new AppError(
        ErrorCode.WrongDataFormat,
        `上传文件过大,上限${Math.round(opts.maxUploadBytes / 1048576)}MB`,
      );
    }
    Object.assign(file, { bytes: part.file.bytesRead });
  }
  return fields;
}
