/**
 * Cell or JSON value → the text an operator would see, without the artefacts of binary floats:
 * a phone typed as a number stays `13800138000`, never `13800138000.000002` or `1.38e+10`.
 */
import { formatDateTime } from '../../../lib/clock.js';

/**
 * Renders a number as Excel shows it: integers in full, fractions at Excel's 15 significant digits.
 * @example numberText(13800138000) // '13800138000'
 * @example numberText(0.1 + 0.2) // '0.3'
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return value === 0 ? '0' : String(value);
  return String(Number(value.toPrecision(15)));
}

/**
 * Text of an exceljs cell value or a JSON scalar. Rich text is concatenated, formulas give their cached
 * result, hyperlinks their display text, error cells their code (`#N/A`), dates `Y-m-d[ H:i:s]` as written
 * (exceljs hands Excel's wall-clock dates over as UTC instants).
 */
export function cellText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'bigint':
      return value.toString();
    case 'object':
      return value === null ? '' : objectText(value);
    case 'undefined':
    case 'symbol':
    case 'function':
      return '';
  }
}

function objectText(value: object): string {
  if (value instanceof Date) return dateText(value);
  if (Array.isArray(value)) return value.map(cellText).join(',');
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) {
    return (v.richText as { text?: unknown }[]).map((run) => cellText(run.text)).join('');
  }
  if ('result' in v) return cellText(v.result); // formula / shared formula
  if ('text' in v) return cellText(v.text); // hyperlink
  if ('error' in v) return cellText(v.error);
  if ('formula' in v || 'sharedFormula' in v) return ''; // formula never calculated
  return JSON.stringify(value);
}

function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const text = formatDateTime(date, 'UTC');
  return text.endsWith(' 00:00:00') ? text.slice(0, 10) : text;
}
