/**
 * Rows of a csv (or tab-separated "Unicode text") upload, streamed through csv-parse, decoding
 * non-UTF-8 input on the fly (see stream-decoder.ts).
 */
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';

import type { RawRow } from './import-row.js';
import { ImportFileError } from './parse-errors.js';
import { readableBatches } from './readable-batches.js';
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
  const parser = parse({
    bom: true,
    delimiter: sniffDelimiter(sample),
    // `\n` also ends `\r\n` records: rtrim drops the `\r`, including after a closing quote.
    record_delimiter: sniffRecordDelimiter(sample),
    rtrim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  // Errors reach the loop below through the parser, which pipeline destroys with the first one.
  if (encoding === CsvEncoding.Utf8) pipeline(input, parser, () => {});
  else pipeline(input, createDecoder(encoding), parser, () => {});
  return { encoding, rows: records(parser) };
}

async function* records(parser: Readable): AsyncGenerator<RawRow[]> {
  let rowNo = 0;
  try {
    for await (const batch of readableBatches<string[]>(parser)) {
      const rows: RawRow[] = [];
      for (const cells of batch) {
        rowNo++;
        if (!isBlank(cells)) rows.push({ rowNo, cells });
      }
      if (rows.length > 0) yield rows;
    }
  } catch (err) {
    throw ImportFileError.format(`第${rowNo + 1}行无法解析`, err);
  }
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell !== '' && cell.trim() !== '') return false;
  return true;
}
