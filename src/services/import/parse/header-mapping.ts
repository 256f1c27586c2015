/**
 * Finds the template's header in a sheet and turns the rows below it into `ImportRow`s.
 *
 * The header is the first row, among the first ten non-blank ones, that contains the phone column:
 * operators often keep a title line ("外呼名单 2024-09") above the captions. Header cells match template
 * captions trimmed and with or without the `*`. Columns not in the template are ignored.
 */
import type { ImportRow, RawRow } from './import-row.js';
import { ImportFileError } from './parse-errors.js';
import { columnKey } from './template-columns.js';
import type { ImportTemplate } from './template-columns.js';

const HEADER_SCAN_ROWS = 10;

export interface MappedRows {
  /** The header row's cells, as written. */
  header: string[];
  rows: AsyncGenerator<ImportRow>;
}

/**
 * Reads up to the header and the first data row (so "no data" fails now, not mid-import), then maps the rest lazily.
 * Fails with 30001 when the file has no data, 30003 when the header lacks the phone or another required column.
 */
export async function mapRowsToTemplate(
  raw: AsyncGenerator<RawRow>,
  template: ImportTemplate,
  maxRows?: number,
): Promise<MappedRows> {
  const header = await findHeader(raw, template);
  const keys = template.columns.map((c) => c.key);
  const headerKeys = header.cells.map(columnKey);
  const indexes = keys.map((key) => headerKeys.indexOf(key));
  const missing = template.columns.filter((c, k) => c.required && indexes[k] === -1).map((c) => c.key);
  if (missing.length > 0) throw ImportFileError.missingColumns(missing);

  let first: ImportRow | undefined;
  for (;;) {
    const next = await raw.next();
    if (next.done === true) throw ImportFileError.empty('导入文件没有数据');
    first = toImportRow(next.value, keys, indexes);
    if (first !== undefined) break;
  }
  return { header: header.cells, rows: remainingRows(first, raw, keys, indexes, maxRows) };
}

async function findHeader(raw: AsyncGenerator<RawRow>, template: ImportTemplate): Promise<RawRow> {
  for (let scanned = 0; scanned < HEADER_SCAN_ROWS; scanned++) {
    const next = await raw.next();
    if (next.done === true) {
      if (scanned === 0) throw ImportFileError.empty();
      break;
    }
    if (next.value.cells.some((cell) => columnKey(cell) === template.phoneKey)) return next.value;
  }
  await raw.return(undefined);
  throw ImportFileError.missingColumns([template.phoneKey]);
}

async function* remainingRows(
  first: ImportRow,
  raw: AsyncGenerator<RawRow>,
  keys: readonly string[],
  indexes: readonly number[],
  maxRows: number | undefined,
): AsyncGenerator<ImportRow> {
  const limit = maxRows ?? Number.POSITIVE_INFINITY;
  let count = 1;
  try {
    yield first;
    for (;;) {
      const next = await raw.next();
      if (next.done === true) return;
      const row = toImportRow(next.value, keys, indexes);
      if (row === undefined) continue;
      if (++count > limit) throw ImportFileError.tooManyRows(limit);
      yield row;
    }
  } finally {
    await raw.return(undefined);
  }
}

/** Undefined when every template column is blank in this row. */
function toImportRow(
  raw: RawRow,
  keys: readonly string[],
  indexes: readonly number[],
): ImportRow | undefined {
  const columns: Record<string, string> = {};
  let blank = true;
  for (let k = 0; k < keys.length; k++) {
    const index = indexes[k] ?? -1;
    const value = index < 0 ? '' : (raw.cells[index] ?? '').trim();
    columns[keys[k] ?? ''] = value;
    if (value !== '') blank = false;
  }
  return blank ? undefined : { rowNo: raw.rowNo, columns };
}
