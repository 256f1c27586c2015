// Phone-column spellings the import accepts besides the template's own (电话/*电话): a file or JSON that calls the
// column 手机号, 号码, phone … still imports. Kept beside import/parse (which matches template captions exactly).
import { createReadStream, type ReadStream } from 'node:fs';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { openImportFile, openJsonRows } from './parse/index.js';
import type { ImportFileOptions, ImportRow, ImportTemplate, OpenedImportFile } from './parse/index.js';

export const PHONE_ALIASES = [
  '电话',
  '手机',
  '手机号',
  '手机号码',
  '号码',
  '电话号码',
  '联系电话',
  'phone',
  'mobile',
  'tel',
] as const;

/** The template with the phone column renamed to `alias` (the reader then matches that header). */
export function withPhoneAlias(template: ImportTemplate, alias: string): ImportTemplate {
  return {
    phoneKey: alias,
    columns: template.columns.map((c) => (c.key === template.phoneKey ? { key: alias, required: true } : c)),
  };
}

/** Renames the alias key of a row back to the template's phone key (rows are keyed by template column). */
export function renamePhoneKey(row: ImportRow, alias: string, phoneKey: string): ImportRow {
  const columns: Record<string, string> = {};
  for (const key in row.columns) columns[key === alias ? phoneKey : key] = row.columns[key]!;
  return { rowNo: row.rowNo, columns };
}

function isMissingPhone(err: unknown, phoneKey: string): boolean {
  if (!(err instanceof AppError) || err.code !== ErrorCode.ImportTemplateEmpty) return false;
  const missing = err.details?.missing_columns;
  return Array.isArray(missing) && missing.includes(phoneKey);
}

export interface OpenedUpload {
  readonly file: OpenedImportFile;
  /** The header spelling of the phone column when it is not the template's. */
  readonly alias: string | undefined;
  /** The file stream being read (its `bytesRead` tells progress). */
  readonly stream: ReadStream;
}

/**
 * Opens an uploaded file against the template, trying the phone aliases when the header lacks the template's
 * phone column. Errors are the reader's (30001 empty, 30002 format, 30003 no phone column …).
 */
export async function openUpload(
  path: string,
  template: ImportTemplate,
  options: ImportFileOptions,
): Promise<OpenedUpload> {
  const stream = createReadStream(path);
  try {
    return { file: await openImportFile(stream, template, options), alias: undefined, stream };
  } catch (err) {
    if (!isMissingPhone(err, template.phoneKey)) throw err;
    for (const alias of PHONE_ALIASES) {
      if (alias === template.phoneKey || template.columns.some((c) => c.key === alias)) continue;
      try {
        const retryStream = createReadStream(path);
        const file = await openImportFile(retryStream, withPhoneAlias(template, alias), options);
        return { file, alias, stream: retryStream };
      } catch (retry) {
        if (!isMissingPhone(retry, alias)) throw retry;
      }
    }
    throw err;
  }
}

/**
 * JSON rows (5.7.2 client_info_json) keyed by template column. When no item carries the template's phone key,
 * a phone alias used consistently by the items is taken instead; with neither, 30003.
 */
export function jsonRows(
  clientInfoJson: unknown,
  template: ImportTemplate,
): { total: number; rows: ImportRow[] } {
  const first = openJsonRows(clientInfoJson, template);
  const rows = [...first.rows];
  if (rows.some((r) => r.columns[template.phoneKey] !== '')) return { total: first.total, rows };
  for (const alias of PHONE_ALIASES) {
    if (alias === template.phoneKey || template.columns.some((c) => c.key === alias)) continue;
    const retry = [...openJsonRows(clientInfoJson, withPhoneAlias(template, alias)).rows];
    if (retry.some((r) => r.columns[alias] !== '')) {
      return { total: first.total, rows: retry.map((r) => renamePhoneKey(r, alias, template.phoneKey)) };
    }
  }
  throw new AppError(
    ErrorCode.ImportTemplateEmpty,
    `导入失败,模板为空:数据中没有"${template.phoneKey}"列(也可用手机号、号码、phone)`,
    { missing_columns: [template.phoneKey] },
  );
}
