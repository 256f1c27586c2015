/**
 * Rows of a csv (or tab-separated "Unicode text") upload, streamed through the CSV tokenizer (csv-tokenizer.ts),
 * decoding non-UTF-8 input on the fly (see stream-decoder.ts).
 */
import iconv from 'iconv-lite';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

import { CsvTokenizer } from './csv-tokenizer.js';
import type { RawRow } from './import-row.js';
import { ImportFileError } from './parse-errors.js';
import { createDecoder } from './stream-decoder.js';
import { CsvEncoding, detectCsvEncoding, sniffDelimiter, sniffRecordDelimiter } from './text-encoding.js';

export interface CsvRows {
  encoding: CsvEncoding;
  /** Non-blank rows, in batches. */
  rows: AsyncGenerator<RawRow[]>;
}

/** One record may not exceed this many characters: a binary file that slipped past sniffing fails fast. */
const MAX_RECORD_CHARS = 1 << 20;

/**
 * Starts parsing `input` (whose first bytes are `head`). `rowNo` counts records from 1, blank ones included,
 * so it matches the row number Excel shows when the file is opened there.
 */
export function openCsvRows(input: Readable, head: Buffer): CsvRows {
  const encoding = detectCsvEncoding(head);
  const sample = encoding === CsvEncoding.Utf8 ? head.toString('utf8') : iconv.decode(head, encoding);
  const tokenizer = new CsvTokenizer(sniffDelimiter(sample), sniffRecordDelimiter(sample), MAX_RECORD_CHARS);
  // Errors reach the loop below through the stream it reads, which pipeline destroys with the first one.
  let bytes: Readable = input;
  if (encoding !== CsvEncoding.Utf8) bytes = pipeline(input, createDecoder(encoding), () => {});
  return { encoding, rows: records(bytes, tokenizer) };
}

async function* records(bytes: Readable, tokenizer: CsvTokenizer): AsyncGenerator<RawRow[]> {
  const text = new StringDecoder('utf8');
  let rowNo = 0;
  const rowsOf = (records: string[][]): RawRow[] => {
    const rows: RawRow[] = [];
    for (const cells of records) {
      rowNo++;
      if (!isBlank(cells)) rows.push({ rowNo, cells });
    }
    return rows;
  };
  try {
    for await (const chunk of bytes) {
      // UTF-8 uploads arrive as bytes, decoded ones as text (stream-decoder.ts).
      const rows = rowsOf(tokenizer.push(typeof chunk === 'string' ? chunk : text.write(chunk as Buffer)));
      if (rows.length > 0) yield rows;
    }
    const rows = rowsOf(tokenizer.push(text.end()).concat(tokenizer.end()));
    if (rows.length > 0) yield rows;
  } catch (err) {
    throw ImportFileError.format(`第${rowNo + 1}行无法解析`, err);
  }
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell !== '' && cell.trim() !== '') return false;
  return true;
}
