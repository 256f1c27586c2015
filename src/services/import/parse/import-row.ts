/** One callee row of an import, keyed by template column (caption without its `*`). */
export interface ImportRow {
  /**
   * Where the row came from, for 导入失败 reports: the spreadsheet row number for xlsx/csv (the header is
   * usually row 1, so data starts at 2; blank rows are skipped but still counted), or the 1-based position
   * in the `data` array for JSON.
   */
  rowNo: number;
  /** Every template column, in template order; a column missing from the source is `''`. Values are trimmed. */
  columns: Record<string, string>;
}

/** A row as read from a sheet before header mapping: cell texts by 0-based column index. */
export interface RawRow {
  rowNo: number;
  cells: string[];
}

/** File kinds the import accepts (legacy `.xls` is recognised only to be refused with a clear message). */
export const ImportFileType = {
  Xlsx: 'xlsx',
  Csv: 'csv',
} as const;
export type ImportFileType = (typeof ImportFileType)[keyof typeof ImportFileType];

/** Limits applied while streaming an uploaded file. */
export interface ImportFileOptions {
  /** Upload size cap in bytes, enforced as bytes arrive. Default 100 MiB. */
  maxBytes?: number;
  /** Data-row cap (non-blank rows after the header); unlimited when absent. */
  maxRows?: number;
}

export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
