/**
 * Entry point for 5.7.1 uploads: sniff the file, pick the reader, find the template header, stream rows.
 */
import { openCsvRows } from './csv-rows.js';
import { SniffedType, sniffFileType } from './file-sniffer.js';
import { mapRowsToTemplate } from './header-mapping.js';
import { DEFAULT_MAX_BYTES, ImportFileType } from './import-row.js';
import type { ImportFileOptions, ImportRow, RawRow } from './import-row.js';
import { ImportFileError } from './parse-errors.js';
import { parseTemplate } from './template-columns.js';
import type { ImportTemplate } from './template-columns.js';
import type { CsvEncoding } from './text-encoding.js';
import { openSource } from './upload-source.js';
import type { ImportSource, SourceState } from './upload-source.js';
import { readXlsxRows } from './xlsx-rows.js';

export interface OpenedImportFile {
  type: ImportFileType;
  /** csv only: the encoding the file was decoded with. */
  encoding?: CsvEncoding;
  template: ImportTemplate;
  /** The header row as written in the file. */
  header: string[];
  /** Data rows, streamed; iterate once. Errors while streaming are AppErrors (size cap, corrupt file, row cap). */
  rows: AsyncIterable<ImportRow>;
  /** Releases the upload when the rows will not be (fully) read; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Opens an uploaded xlsx/csv and validates it up to the first data row, so a request handler can answer
 * 30001/30002/30003 before accepting the import; the rest is read as `rows` is iterated.
 * @example
 * const file = await openImportFile(upload.file, ['姓名', '*电话', '地址']);
 * for await (const row of file.rows) console.log(row.rowNo, row.columns['电话']);
 */
export async function openImportFile(
  source: ImportSource,
  captions: readonly string[] | ImportTemplate,
  options: ImportFileOptions = {},
): Promise<OpenedImportFile> {
  const template = Array.isArray(captions) ? parseTemplate(captions) : (captions as ImportTemplate);
  const { head, stream, state } = await openSource(source, options.maxBytes ?? DEFAULT_MAX_BYTES);
  let raw: AsyncGenerator<RawRow[]> | undefined;
  const close = async (): Promise<void> => {
    stream.destroy();
    await raw?.return(undefined);
  };
  try {
    if (state.error !== undefined) throw state.error;
    const type = sniffFileType(head);
    let encoding: CsvEncoding | undefined;
    switch (type) {
      case SniffedType.Empty:
        throw ImportFileError.empty();
      case SniffedType.Xls:
        throw ImportFileError.legacyXls();
      case SniffedType.Unknown:
        throw ImportFileError.format();
      case SniffedType.Xlsx:
        state.endCheck = (tail) => (hasZipEnd(tail) ? undefined : ImportFileError.format('xlsx文件不完整'));
        raw = surfaceSourceError(readXlsxRows(stream), state, true);
        break;
      case SniffedType.Csv: {
        const csv = openCsvRows(stream, head);
        encoding = csv.encoding;
        raw = surfaceSourceError(csv.rows, state, false);
        break;
      }
    }
    const mapped = await mapRowsToTemplate(raw, template, options.maxRows);
    return {
      type: type === SniffedType.Xlsx ? ImportFileType.Xlsx : ImportFileType.Csv,
      ...(encoding === undefined ? {} : { encoding }),
      template,
      header: mapped.header,
      rows: mapped.rows,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * `openImportFile` as a plain row stream (validation errors surface on the first iteration). Delegates to
 * the opened file's iterator directly rather than through another generator: one promise per row fewer.
 * @example for await (const row of readImportFile(fs.createReadStream(path), captions)) …
 */
export function readImportFile(
  source: ImportSource,
  captions: readonly string[] | ImportTemplate,
  options: ImportFileOptions = {},
): AsyncIterable<ImportRow> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<ImportRow> {
      let opened: Promise<{ file: OpenedImportFile; rows: AsyncIterator<ImportRow> }> | undefined;
      const open = (): NonNullable<typeof opened> =>
        (opened ??= openImportFile(source, captions, options).then((file) => ({
          file,
          rows: file.rows[Symbol.asyncIterator](),
        })));
      return {
        async next() {
          const { file, rows } = await open();
          try {
            const result = await rows.next();
            if (result.done === true) await file.close();
            return result;
          } catch (err) {
            await file.close();
            throw err;
          }
        },
        async return(value?: unknown) {
          const current = await opened?.catch(() => undefined); // a failed open has nothing to release
          if (current !== undefined) {
            await current.rows.return?.();
            await current.file.close();
          }
          return { done: true, value };
        },
      };
    },
  };
}

/**
 * A source failure (size cap, broken upload, truncated zip) explains any parse error that follows it, so
 * it wins. With `race`, a failure also interrupts a pending read: exceljs never settles on a zip cut
 * short, so its generator is abandoned to the garbage collector rather than awaited.
 */
const FAILED: unique symbol = Symbol('source failed');

/** The next batch, or FAILED as soon as the source fails (whether or not the reader ever answers). */
function raceFailure(
  raw: AsyncGenerator<RawRow[]>,
  state: SourceState,
): Promise<IteratorResult<RawRow[]> | typeof FAILED> {
  return new Promise((resolve, reject) => {
    const off = state.onFailure(() => resolve(FAILED));
    raw.next().then(
      (result) => {
        off();
        resolve(result);
      },
      (err: unknown) => {
        off();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

async function* surfaceSourceError(
  raw: AsyncGenerator<RawRow[]>,
  state: SourceState,
  race: boolean,
): AsyncGenerator<RawRow[]> {
  let abandoned = false;
  try {
    for (;;) {
      const next = race ? await raceFailure(raw, state) : await raw.next();
      if (state.error !== undefined) {
        abandoned = race && next === FAILED;
        throw state.error;
      }
      if (next === FAILED || next.done === true) return;
      yield next.value;
    }
  } catch (err) {
    throw state.error ?? err;
  } finally {
    if (!abandoned) await raw.return(undefined);
  }
}

/** A complete zip ends with an end-of-central-directory record (`PK\x05\x06`) in its last 64 KiB. */
function hasZipEnd(tail: Buffer): boolean {
  return tail.lastIndexOf(ZIP_EOCD) >= 0;
}

const ZIP_EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
