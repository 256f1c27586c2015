/**
 * Rows of the first non-empty worksheet of an xlsx, streamed with exceljs' WorkbookReader: the zip is
 * inflated entry by entry and the sheet XML parsed with SAX, so memory stays flat however many rows.
 *
 * Caveat of the format, not of this code: when the producer stored `xl/sharedStrings.xml` after the
 * sheets (Excel itself does), exceljs must spool the sheet XML to a temp file until the strings are read.
 */
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';

import { cellText } from './cell-text.js';
import type { RawRow } from './import-row.js';
import { ImportFileError } from './parse-errors.js';

const READER_OPTIONS = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  // Styles are needed to tell a date cell from a number cell; without them a 日期 column reads 45567.
  styles: 'cache',
  entries: 'ignore',
} as const;

/**
 * Non-blank rows (as cell texts) of the first worksheet that has any, in batches (one per parsed XML
 * chunk); `rowNo` is the sheet row number.
 * Unreadable content (not a workbook, corrupt zip or XML, no worksheet) fails with 30002.
 */
export async function* readXlsxRows(input: Readable): AsyncGenerator<RawRow[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, READER_OPTIONS);
  let sawRows = false;
  let sawSheet = false;
  try {
    for await (const sheet of workbook) {
      sawSheet = true;
      // parse() hands over the events of a whole XML chunk at once; the sheet's own row iterator would
      // cost an async-generator step per row.
      for await (const events of sheet.parse() as unknown as AsyncIterable<SheetEvent[]>) {
        const rows: RawRow[] = [];
        for (const event of events) {
          if (event.eventType !== 'row') continue;
          const cells = rowCells(event.value.values);
          if (cells !== undefined) rows.push({ rowNo: event.value.number, cells });
        }
        if (rows.length > 0) {
          sawRows = true;
          yield rows;
        }
      }
      if (sawRows) return;
    }
  } catch (err) {
    throw ImportFileError.format('无法读取xlsx文件', err);
  }
  // A zip without worksheets: a .docx, an archive renamed to .xlsx …
  if (!sawSheet) throw ImportFileError.format('文件中没有工作表');
}

/** What exceljs' WorksheetReader.parse() yields (untyped in its declarations). */
interface SheetEvent {
  eventType: string;
  value: { number: number; values: unknown };
}

/** exceljs gives a sparse array indexed from 1; undefined when every cell is blank. */
function rowCells(values: unknown): string[] | undefined {
  if (!Array.isArray(values)) return undefined;
  const cells: string[] = new Array<string>(Math.max(values.length - 1, 0));
  let blank = true;
  for (let i = 1; i < values.length; i++) {
    const text = cellText(values[i]);
    cells[i - 1] = text;
    if (blank && text.trim() !== '') blank = false;
  }
  return blank ? undefined : cells;
}
