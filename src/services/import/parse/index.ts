/** Streaming readers for task imports (5.7.1 xlsx/csv upload, 5.7.2 JSON): the public surface of `import/parse`. */
export { openImportFile, readImportFile } from './open-import-file.js';
export type { OpenedImportFile } from './open-import-file.js';
export { openJsonRows } from './json-rows.js';
export type { JsonImport } from './json-rows.js';
export { parseTemplate, columnKey } from './template-columns.js';
export type { ImportTemplate, TemplateColumn } from './template-columns.js';
export { DEFAULT_MAX_BYTES, ImportFileType } from './import-row.js';
export type { ImportFileOptions, ImportRow } from './import-row.js';
export { sniffFileType, SniffedType } from './file-sniffer.js';
export type { ImportSource } from './upload-source.js';
export { ImportFileError } from './parse-errors.js';
export type { CsvEncoding } from './text-encoding.js';
