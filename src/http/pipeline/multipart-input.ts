// Multipart uploads: fields in order, files streamed to capped temporary files — but only once the caller is
// authenticated, so an anonymous upload never reaches the disk (compat-notes "Request bodies").
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { randomHex32 } from '../../lib/hash.js';
import type { UploadedFile } from './define-route.js';
import { BodyRefusal } from './body-refusal.js';
import { INHERITED_NAME_REFUSAL, checkParamName, dictionary } from './input-guard.js';

/** The parser limits (also registered with @fastify/multipart), named in the error messages. */
export const MULTIPART_LIMITS = { files: 5, fields: 200, fieldSize: 1024 * 1024 } as const;

export interface MultipartOptions {
  readonly uploadDir: string;
  readonly maxUploadBytes: number;
  /** Field bytes accepted before authentication; further fields or any file wait for it. */
  readonly anonymousBytes: number;
  /** Called once, with the fields so far, before the first file is written (or at the end without files). */
  readonly authenticate: (fieldsSoFar: Record<string, unknown>) => Promise<void>;
}

/**
 * Reads a multipart body: collects fields, authenticates before the first file byte is written to disk, then
 * streams each file to a size-capped temporary file. Malformed bodies and parser limits become vendor errors.
 */
export async function readMultipart(
  req: FastifyRequest,
  files: UploadedFile[],
  opts: MultipartOptions,
): Promise<Record<string, unknown>> {
  const fields = dictionary();
  let authenticated = false;
  let fieldBytes = 0;
  try {
    for await (const part of req.parts({ limits: { fileSize: opts.maxUploadBytes } })) {
      // Refused like a query or form name, before authentication: the parser itself drops only inherited names.
      try {
        checkParamName(part.fieldname);
      } catch (err) {
        if (part.type === 'file') part.file.destroy();
        throw err;
      }
      if (part.type === 'field') {
        fieldBytes += Buffer.byteLength(part.fieldname) + Buffer.byteLength(String(part.value));
        if (!authenticated && fieldBytes > opts.anonymousBytes) {
          throw new AppError(ErrorCode.ApiKeyInvalid, '缺少公共参数 api_key 或 user_sn(须在上传文件之前)');
        }
        fields[part.fieldname] = part.value;
        continue;
      }
      if (!authenticated) {
        try {
          await opts.authenticate(fields);
        } catch (err) {
          part.file.destroy(); // stops reading the body: not one byte of an anonymous file is stored
          throw err;
        }
        authenticated = true;
      }
      await writeUpload(part, files, opts);
    }
  } catch (err) {
    throw multipartError(err);
  }
  if (!authenticated) await opts.authenticate(fields);
  return fields;
}

async function writeUpload(
  part: {
    fieldname: string;
    filename: string;
    mimetype: string;
    file: NodeJS.ReadableStream & { truncated?: boolean; bytesRead?: number };
  },
  files: UploadedFile[],
  opts: MultipartOptions,
) {
  await mkdir(opts.uploadDir, { recursive: true });
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
  Object.assign(file, { bytes: part.file.bytesRead ?? 0 });
}

function multipartError(err: unknown): unknown {
  if (err instanceof AppError || err instanceof BodyRefusal) return err;
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'FST_FILES_LIMIT':
      return new BodyRefusal(
        413,
        ErrorCode.WrongDataFormat,
        `上传文件数超过上限(${MULTIPART_LIMITS.files}个)`,
      );
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new BodyRefusal(
        413,
        ErrorCode.WrongDataFormat,
        `表单字段数超过上限(${MULTIPART_LIMITS.fields}个)`,
      );
    case 'FST_REQ_FILE_TOO_LARGE':
      return new BodyRefusal(413, ErrorCode.WrongDataFormat, '上传文件过大');
    case 'FST_PROTO_VIOLATION':
      return new AppError(ErrorCode.WrongDataFormat, INHERITED_NAME_REFUSAL);
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new AppError(ErrorCode.WrongDataFormat, '表单字段声明为JSON但无法解析');
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      const reason = /boundary/i.test(detail)
        ? '缺少或错误的boundary'
        : /unexpected end|terminated early|closed before/i.test(detail)
          ? '数据不完整'
          : '无法解析';
      return new AppError(ErrorCode.WrongDataFormat, `上传数据格式错误(multipart): ${reason}`);
    }
  }
}
