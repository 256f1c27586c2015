import type { FastifyReply } from 'fastify';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends a download: the Content-Type and a Content-Disposition whose `filename` is an ASCII fallback and whose
 * `filename*` (RFC 6266 / 5987) keeps the Chinese name.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { readonly filename: string; readonly body: Buffer | string },
  contentType: string,
): FastifyReply {
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .header('Content-Type', contentType)
    .header(
      'Content-Disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .send(file.body);
}
