/**
 * Rows of the first non-empty worksheet of an xlsx, streamed: the zip is read front to back (zip-stream.ts)
 * and the sheet XML scanned as it inflates (xlsx-xml.ts), so memory stays flat however many rows.
 *
 * Excel stores `xl/sharedStrings.xml` and `xl/styles.xml` after the sheets, and a cell's text needs both.
 * A worksheet met before the parts it needs is kept compressed in a temporary file and read once they are
 * known — a fraction of the file's size on disk, nothing in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';

import { AppError } from '../../../lib/app-error.js';
import { cellText, numberText } from './cell-text.js';
import type { RawRow } from './import-row.js';
import { ImportFileError } from './parse-errors.js';
import {
  dateStyles,
  declaredParts,
  SharedStringScanner,
  SheetRowScanner,
  usesDate1904,
  type CellReader,
} from './xlsx-xml.js';
import { inflateRaw, zipEntries } from './zip-stream.js';

const SHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const SHARED_STRINGS = 'xl/sharedstrings.xml';
const STYLES = 'xl/styles.xml';
const WORKBOOK = 'xl/workbook.xml';
const CONTENT_TYPES = '[content_types].xml';
/** Styles and workbook parts are read whole; beyond this they are not a list's workbook. */
const SMALL_PART_MAX = 32 * 1024 * 1024;
const DAY_MS = 86_400_000;
/** 1900-01-00 in Excel's serial numbers is 25569 days before 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569;

/** What a cell's text depends on beyond the sheet itself. */
class WorkbookParts {
  sharedStrings: string[] = [];
  dates: boolean[] = [];
  date1904 = false;
  /** Parts the content types declare; until known, every dependency is assumed present. */
  declared: Set<string> | undefined;
  readonly seen = new Set<string>();

  /** True once every part a cell may depend on has been read (or is known to be absent). */
  ready(): boolean {
    return [SHARED_STRINGS, STYLES, WORKBOOK].every(
      (part) => this.seen.has(part) || (this.declared !== undefined && !this.declared.has(part)),
    );
  }

  readonly readCell: CellReader = (type, style, text) => {
    if (text === undefined) return '';
    switch (type) {
      case 's':
        return this.sharedStrings[parseInt(text, 10)] ?? '';
      case 'str':
      case 'inlineStr':
      case 'e':
        return text;
      case 'b':
        return parseInt(text, 10) !== 0 ? 'TRUE' : 'FALSE';
      case 'd': {
        // ISO 8601 as written (a wall-clock time, like serial dates): read as UTC unless it names a zone.
        const iso = text.includes('T') ? text : `${text}T00:00:00`;
        return cellText(new Date(/[zZ]$|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`));
      }
      case undefined:
      default: {
        const n = parseFloat(text);
        if (Number.isNaN(n)) return '';
        if (this.dates[style] !== true) return numberText(n);
        const days = n - EXCEL_EPOCH_DAYS + (this.date1904 ? 1462 : 0);
        return cellText(new Date(Math.round(days * DAY_MS)));
      }
    }
  };
}

/**
 * Non-blank rows (as cell texts) of the first worksheet that has any, in batches (one per inflated chunk);
 * `rowNo` is the sheet row number. Unreadable content (not a workbook, corrupt or truncated zip, no
 * worksheet) fails with 30002.
 */
export async function* readXlsxRows(input: Readable): AsyncGenerator<RawRow[]> {
  const parts = new WorkbookParts();
  const deferred: { file: string; method: number }[] = [];
  let spoolDir: string | undefined;
  let sawSheet = false;
  try {
    for await (const entry of zipEntries(input)) {
      const name = entry.name.replace(/^\//, '');
      const key = name.toLowerCase();
      if (SHEET.test(name)) {
        sawSheet = true;
        if (parts.ready()) {
          if (yield* sheetRows(entry.inflated(), parts)) return;
          continue;
        }
        spoolDir ??= await mkdtemp(path.join(tmpdir(), 'aicall-xlsx-'));
        const file = path.join(spoolDir, `${deferred.length}.bin`);
        await pipeline(entry.raw(), createWriteStream(file));
        deferred.push({ file, method: entry.method });
      } else if (key === SHARED_STRINGS) {
        parts.sharedStrings = await readSharedStrings(entry.inflated());
        parts.seen.add(key);
      } else if (key === STYLES) {
        parts.dates = dateStyles(await readWhole(entry.inflated()));
        parts.seen.add(key);
      } else if (key === WORKBOOK) {
        parts.date1904 = usesDate1904(await readWhole(entry.inflated()));
        parts.seen.add(key);
      } else if (key === CONTENT_TYPES) {
        parts.declared = declaredParts(await readWhole(entry.inflated()));
      } else {
        await entry.skip();
      }
      if (deferred.length > 0 && parts.ready()) {
        for (const sheet of deferred.splice(0)) {
          const raw = createReadStream(sheet.file) as AsyncIterable<Buffer>;
          if (yield* sheetRows(inflateRaw(sheet.method, raw), parts)) return;
        }
      }
    }
    for (const sheet of deferred) {
      const raw = createReadStream(sheet.file) as AsyncIterable<Buffer>;
      if (yield* sheetRows(inflateRaw(sheet.method, raw), parts)) return;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw ImportFileError.format('无法读取xlsx文件', err);
  } finally {
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true });
  }
  // A zip without worksheets: a .docx, an archive renamed to .xlsx …
  if (!sawSheet) throw ImportFileError.format('文件中没有工作表');
}

/** Yields the sheet's rows in batches; true when it had any. */
async function* sheetRows(
  xml: AsyncIterable<Buffer>,
  parts: WorkbookParts,
): AsyncGenerator<RawRow[], boolean> {
  const scanner = new SheetRowScanner(parts.readCell);
  const decoder = new StringDecoder('utf8');
  let sawRows = false;
  for await (const chunk of xml) {
    const rows = scanner.push(decoder.write(chunk));
    if (rows.length > 0) {
      sawRows = true;
      yield rows;
    }
  }
  const rest = scanner.push(decoder.end()).concat(scanner.end());
  if (rest.length > 0) {
    sawRows = true;
    yield rest;
  }
  return sawRows;
}

async function readSharedStrings(xml: AsyncIterable<Buffer>): Promise<string[]> {
  const scanner = new SharedStringScanner();
  const decoder = new StringDecoder('utf8');
  const items: string[] = [];
  for await (const chunk of xml) for (const s of scanner.push(decoder.write(chunk))) items.push(s);
  for (const s of scanner.push(decoder.end()).concat(scanner.end())) items.push(s);
  return items;
}

async function readWhole(xml: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of xml) {
    size += chunk.length;
    if (size > SMALL_PART_MAX) throw ImportFileError.format('xlsx文件结构异常');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
