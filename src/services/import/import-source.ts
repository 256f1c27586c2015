// Reopens an accepted import's rows for the background job, skipping the rows a previous run already committed.
// Parsing is deterministic, so "the first N rows" are the same rows on every run.
import type { ImportRow, ImportTemplate } from './parse/index.js';
import { openUpload, renamePhoneKey } from './phone-aliases.js';
import { readSpooledRows } from './import-spool.js';

export interface StoredImportSource {
  readonly kind: 'json' | 'file';
  readonly path: string;
  readonly bytes: number;
  readonly totalRows: number | null;
  readonly template: ImportTemplate;
}

export interface ImportRowReader {
  /** Next row, or undefined at the end. Whole-file problems surface here as AppErrors (30002 …). */
  next(): Promise<ImportRow | undefined>;
  /** Rows returned so far, skipped ones included. */
  readonly position: number;
  /** Share of the source consumed, 0–1 (bytes for files, rows for JSON). */
  progress(): number;
  close(): Promise<void>;
}

/** Opens the source and skips `skip` rows. */
export async function openImportRows(source: StoredImportSource, skip: number): Promise<ImportRowReader> {
  let iterator: AsyncIterator<ImportRow>;
  let progress: () => number;
  let close: () => Promise<void>;
  if (source.kind === 'json') {
    const gen = readSpooledRows(source.path);
    iterator = gen;
    const total = Math.max(source.totalRows ?? 0, 1);
    progress = () => reader.position / total;
    close = async () => void (await gen.return(undefined));
  } else {
    // Limits were checked when the upload was accepted; the stored file is read whole.
    const opened = await openUpload(source.path, source.template, { maxBytes: Number.MAX_SAFE_INTEGER });
    const { file, alias, stream } = opened;
    const rows = file.rows[Symbol.asyncIterator]();
    const phoneKey = source.template.phoneKey;
    iterator =
      alias === undefined
        ? rows
        : {
            next: async () => {
              const n = await rows.next();
              return n.done === true ? n : { done: false, value: renamePhoneKey(n.value, alias, phoneKey) };
            },
          };
    // The row count is unknown until the end: progress follows the bytes the parser has pulled from the file.
    const bytes = Math.max(source.bytes, 1);
    progress = () => Math.min(stream.bytesRead / bytes, 1);
    close = () => file.close();
  }
  const reader = {
    position: 0,
    async next(): Promise<ImportRow | undefined> {
      const n = await iterator.next();
      if (n.done === true) return undefined;
      reader.position++;
      return n.value;
    },
    progress: () => progress(),
    close: () => close(),
  };
  while (reader.position < skip) {
    if ((await reader.next()) === undefined) break;
  }
  return reader;
}
