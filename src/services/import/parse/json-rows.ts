/**
 * Rows of 5.7.2 `client_info_json`: `{"data":[{"姓名":"张三","电话":"138…"}, …]}`, sent either as a JSON
 * string or (as production clients do) as a nested object; a bare array is accepted too. Items may use
 * captions with or without `*` and with stray spaces; a bare string/number item is taken as the phone.
 * Every item is a row (blank ones included), so `total` equals what the client sent.
 */
import { cellText } from './cell-text.js';
import type { ImportRow } from './import-row.js';
import { ImportFileError } from './parse-errors.js';
import { columnKey, parseTemplate } from './template-columns.js';
import type { ImportTemplate } from './template-columns.js';

export interface JsonImport {
  template: ImportTemplate;
  /** Number of items in `data`. */
  total: number;
  /** One row per item; iterable synchronously or with `for await`. */
  rows: Iterable<ImportRow> & AsyncIterable<ImportRow>;
}

/**
 * Validates `client_info_json` now (20002 malformed, 30001 no rows) and maps its items lazily.
 * @example const { total, rows } = openJsonRows({ data: [{ 电话: '13800138000' }] }, ['姓名', '*电话']);
 */
export function openJsonRows(
  clientInfoJson: unknown,
  captions: readonly string[] | ImportTemplate,
): JsonImport {
  const template = Array.isArray(captions) ? parseTemplate(captions) : (captions as ImportTemplate);
  const items = dataItems(clientInfoJson);
  if (items.length === 0) throw ImportFileError.empty('导入数据为空');
  return { template, total: items.length, rows: syncAndAsync(() => mapItems(items, template)) };
}

function dataItems(value: unknown): unknown[] {
  let parsed = value;
  // Strings are decoded up to twice: some clients JSON-encode the whole object and then its `data` again.
  for (let depth = 0; depth < 5; depth++) {
    if (typeof parsed === 'string') {
      const text = parsed.trim();
      if (text === '') throw ImportFileError.empty('导入数据为空');
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw ImportFileError.badJson('client_info_json不是合法的JSON', err);
      }
      continue;
    }
    if (Array.isArray(parsed)) return parsed;
    if (typeof parsed === 'object' && parsed !== null && 'data' in parsed) {
      parsed = parsed.data;
      continue;
    }
    break;
  }
  if (parsed === undefined || parsed === null) throw ImportFileError.empty('导入数据为空');
  throw ImportFileError.badJson('client_info_json应为{"data":[…]}');
}

/**
 * The rows are already in memory: expose them as a plain iterable too, and implement the async side without
 * an async generator, which would cost a promise chain per row for no I/O.
 */
function syncAndAsync<T>(make: () => Generator<T>): Iterable<T> & AsyncIterable<T> {
  return {
    [Symbol.iterator]: make,
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = make();
      return {
        next: () => Promise.resolve(it.next()),
        return: (value?: unknown) => Promise.resolve(it.return(value as T)),
      };
    },
  };
}

function* mapItems(items: readonly unknown[], template: ImportTemplate): Generator<ImportRow> {
  const keys = template.columns.map((c) => c.key);
  const known = new Set(keys);
  // Raw item key → template key (or null); items of one request share their keys, so this stays tiny.
  const keyOf = new Map<string, string | null>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const columns: Record<string, string> = {};
    for (const key of keys) columns[key] = '';
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const record = item as Record<string, unknown>;
      for (const rawKey in record) {
        let key = keyOf.get(rawKey);
        if (key === undefined) {
          const k = columnKey(rawKey);
          key = known.has(k) ? k : null;
          keyOf.set(rawKey, key);
        }
        // `电话` and `*电话` both present: the first non-blank one wins.
        if (key === null || columns[key] !== '') continue;
        columns[key] = cellText(record[rawKey]).trim();
      }
    } else if (typeof item === 'string' || typeof item === 'number') {
      columns[template.phoneKey] = cellText(item).trim();
    }
    yield { rowNo: i + 1, columns };
  }
}
