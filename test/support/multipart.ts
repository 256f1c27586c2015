// Builds multipart/form-data bodies for `inject()` uploads.
import { randomBytes } from 'node:crypto';

export interface UploadPart {
  readonly field: string;
  readonly filename: string;
  readonly content: Buffer;
  readonly type?: string;
}

/** Fields (strings) and files as one multipart body with its content-type header. */
export function multipart(
  fields: Record<string, string | number | undefined>,
  files: readonly UploadPart[] = [],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----aicall${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`,
      ),
    );
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
