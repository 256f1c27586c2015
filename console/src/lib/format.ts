// Small display helpers shared by the pages.
import dayjs, { type Dayjs } from 'dayjs';

export const DATE_TIME = 'YYYY-MM-DD HH:mm:ss';

export function fmtDateTime(d: Dayjs | null | undefined): string | undefined {
  return d ? d.format(DATE_TIME) : undefined;
}

/** The last `days` days up to the end of today, as the reference's Y-m-d H:i:s bounds. */
export function lastDays(days: number): [Dayjs, Dayjs] {
  return [
    dayjs()
      .subtract(days - 1, 'day')
      .startOf('day'),
    dayjs().endOf('day'),
  ];
}

/** Rows (objects) to a CSV with a UTF-8 BOM so spreadsheet programs read Chinese correctly. */
export function toCsv(rows: Record<string, string>[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [keys.map(cell).join(','), ...rows.map((r) => keys.map((k) => cell(r[k] ?? '')).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function percentOf(done: number, total: number): number {
  return total <= 0 ? 0 : Math.min(100, Math.round((done / total) * 100));
}
