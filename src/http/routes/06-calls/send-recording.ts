// Streams a recording for 6.2 / 6.3, with single byte ranges so an HTML <audio> element can seek.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RecordingFile } from '../../../services/call-record/recording.service.js';

/** A satisfiable single range, 'unsatisfiable', or undefined (no or unusable Range: send everything). */
export function byteRange(header: string | undefined, size: number) {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable' as const;
  return { start, end };
}

/** Sends the opened file (the stream closes its handle) and returns the reply. */
export async function sendRecording(req: FastifyRequest, reply: FastifyReply, file: RecordingFile) {
  const range = byteRange(req.headers.range, file.size);
  reply
    .header('Accept-Ranges', 'bytes')
    .header('Content-Type', file.contentType)
    .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  if (range === 'unsatisfiable' || file.size === 0) {
    await file.handle.close();
    if (range === 'unsatisfiable') reply.code(416).header('Content-Range', `bytes */${file.size}`);
    return reply.send(Buffer.alloc(0));
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  if (range) reply.code(206).header('Content-Range', `bytes ${start}-${end}/${file.size}`);
  reply.header('Content-Length', end - start + 1);
  return reply.send(file.handle.createReadStream({ start, end }));
}
