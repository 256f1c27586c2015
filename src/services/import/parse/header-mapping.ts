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

/** Row-at-a-time view of batched rows, for the few rows read before streaming starts. */
class RowCursor {
  #batch: RawRow[] = [];
  #index = 0;

  constructor(readonly batches: AsyncGenerator<RawRow[]>) {}

  async next(): Promise<RawRow | undefined> {
    while (this.#index >= this.#batch.length) {
      const next = await this.batches.next();
      if (next.done === true) return undefined;
      this.#batch = next.value;
      this.#index = 0;
    }
    return this.#batch[this.#index++];
  }

  /** Rows of the current batch not read yet. */
  takeRest(): RawRow[] {
    const rest = this.#batch.slice(this.#index);
    this.#index = this.#batch.length;
    return rest;
  }
}

/**
 * Reads up to the header and the first data row (so "no data" fails now, not mid-import), then maps the rest lazily.
 * Fails with 30001 when the file has no data, 30003 when the header lacks the phone or another required column.
 */
export async function mapRowsToTemplate(
  batches: AsyncGenerator<RawRow[]>,
  template: ImportTemplate,
  maxRows?: number,
): Promise<MappedRows> {
  const cursor = new RowCursor(batches);
  const header = await findHeader(cursor, template);
  const keys = template.columns.map((c) => c.key);
  const headerKeys = header.cells.map(columnKey);
  const indexes = keys.map((key) => headerKeys.indexOf(key));
  const missing = template.columns.filter((c, k) => c.required && indexes[k] === -1).map((c) => c.key);
  if (missing.length > 0) throw ImportFileError.missingColumns(missing);

  let first: ImportRow | undefined;
  while (first === undefined) {
    const raw = await cursor.next();
    if (raw === undefined) throw ImportFileError.empty('导入文件没有数据');
    first = toImportRow(raw, keys, indexes);
  }
  const mapper: Mapper = { keys, indexes, limit: maxRows ?? Number.POSITIVE_INFINITY, count: 1 };
  return { header: header.cells, rows: remainingRows(first, cursor, mapper) };
}

async function findHeader(cursor: RowCursor, template: ImportTemplate): Promise<RawRow> {
  for (let scanned = 0; scanned < HEADER_SCAN_ROWS; scanned++) {
    const raw = await cursor.next();
    if (raw === undefined) {
      if (scanned === 0) throw ImportFileError.empty();
      break;
    }
    if (raw.cells.some((cell) => columnKey(cell) === template.phoneKey)) return raw;
  }
  throw ImportFileError.missingColumns([template.phoneKey]);
}

interface Mapper {
  keys: readonly string[];
  indexes: readonly number[];
  limit: number;
  count: number;
}

async function* remainingRows(
  first: ImportRow,
  cursor: RowCursor,
  mapper: Mapper,
): AsyncGenerator<ImportRow> {
  try {
    yield first;
    yield* mapBatch(cursor.takeRest(), mapper);
    for (;;) {
      const next = await cursor.batches.next();
      if (next.done === true) return;
      yield* mapBatch(next.value, mapper);
    }
  } finally {
    await cursor.batches.return(undefined);
  }
}

function* mapBatch(batch: readonly RawRow[], mapper: Mapper): Generator<ImportRow> {
  for (const raw of batch) {
    const row = toImportRow(raw, mapper.keys, mapper.indexes);
    if (row === undefined) continue;
    if (++mapper.count > mapper.limit) throw ImportFileError.tooManyRows(mapper.limit);
    yield row;
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
