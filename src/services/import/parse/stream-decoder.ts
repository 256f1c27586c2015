/**
 * Streaming decode of non-UTF-8 csv into text, for the CSV tokenizer (csv-rows.ts), which reads text: no round trip
 * through UTF-8 bytes.
 *
 * Node's WHATWG TextDecoder (ICU) decodes GB18030 about five times faster than iconv-lite once warm
 * (measured: 18 ms vs 95 ms for 4 MB), so it is preferred; iconv-lite takes over on Node builds without
 * full ICU.
 */
import iconv from 'iconv-lite';
import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';

import type { CsvEncoding } from './text-encoding.js';

const WHATWG_LABELS: Readonly<Record<Exclude<CsvEncoding, 'utf8'>, string>> = {
  gb18030: 'gb18030',
  big5: 'big5',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

/** A Transform from `encoding` bytes to text, a string per chunk (a leading BOM is dropped). */
export function createDecoder(encoding: Exclude<CsvEncoding, 'utf8'>): Transform {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(WHATWG_LABELS[encoding]);
  } catch {
    return iconvDecoder(encoding);
  }
  return textTransform(
    (chunk) => decoder.decode(chunk, { stream: true }),
    () => decoder.decode(),
  );
}

/**
 * The iconv-lite equivalent, for Node builds whose ICU lacks the encoding. Known iconv-lite limit: a
 * GB18030 four-byte sequence split across chunks can lose the following character, which is why it is
 * only the fallback.
 */
export function iconvDecoder(encoding: CsvEncoding): Transform {
  const decoder = iconv.getDecoder(encoding);
  return textTransform(
    (chunk) => decoder.write(chunk),
    () => decoder.end() ?? '',
  );
}

/** Bytes in, text out; empty pieces are not passed on. */
function textTransform(write: (chunk: Buffer) => string, end: () => string): Transform {
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      const text = write(chunk);
      done(null, text === '' ? undefined : text);
    },
    flush(done) {
      const text = end();
      done(null, text === '' ? undefined : text);
    },
  });
}
