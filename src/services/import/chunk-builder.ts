// Turns a chunk of parsed rows into the staging COPY payload: the phone is normalized here (the one per-row step
// that needs code rather than SQL); everything else about a row is decided set-based in the database.
import { normalizePhone } from '../../lib/phone/index.js';
import type { ImportRow } from './parse/index.js';

export interface StagedChunk {
  /** COPY text format, one line per row: row_no, phone (\N when invalid), reason (\N when valid), columns. */
  readonly copyText: string;
  readonly rows: number;
  /** Rows whose phone was not a dialable number. */
  readonly invalid: number;
}

/**
 * @example buildChunk([{ rowNo: 2, columns: { 电话: '+86 138 0013 8000' } }], '电话').copyText
 * // '2\t13800138000\t\\N\t{"电话":"+86 138 0013 8000"}\n'
 */
export function buildChunk(rows: readonly ImportRow[], phoneKey: string): StagedChunk {
  const parts: string[] = new Array<string>(rows.length);
  let invalid = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const phone = normalizePhone(row.columns[phoneKey] ?? '');
    const json = copyEscape(JSON.stringify(cleanColumns(row.columns)));
    if (phone.ok) {
      parts[i] = `${row.rowNo}\t${phone.national}\t\\N\t${json}\n`;
    } else {
      invalid++;
      parts[i] = `${row.rowNo}\t\\N\t${phone.reason}\t${json}\n`;
    }
  }
  return { copyText: parts.join(''), rows: rows.length, invalid };
}

/** COPY's text format treats backslash as an escape; JSON text has no raw tabs or newlines, only backslashes. */
function copyEscape(text: string): string {
  return text.includes('\\') ? text.replace(/\\/g, '\\\\') : text;
}

/** PostgreSQL's jsonb cannot hold U+0000; a NUL in a spreadsheet cell is noise, so it is dropped. */
function cleanColumns(columns: Record<string, string>): Record<string, string> {
  for (const key in columns) {
    if (columns[key]!.includes('\u0000')) {
      const out: Record<string, string> = {};
      for (const k in columns) out[k] = columns[k]!.split('\u0000').join('');
      return out;
    }
  }
  return columns;
}
