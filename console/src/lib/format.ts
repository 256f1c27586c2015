// Small display helpers shared by the pages.
import dayjs, { type Dayjs } from 'dayjs';

export const DATE_TIME = 'YYYY-MM-DD HH:mm:ss';

export function fmtDateTime(d: Dayjs | null | undefined): string | undefined {
  return d ? d.format(DATE_TIME) : undefined;
}

// The API reads every Y-m-d H:i:s in the team's time zone, so "today" is the team's calendar day, not the
// browser's: a browser west of the team would otherwise end today's range hours before the team's day ends and
// hide what was created since.
let teamZone: string | undefined;

/** Set once the signed-in account is known (its team's IANA time zone). */
export function setTeamZone(zone: string | undefined): void {
  teamZone = zone;
}

/** Today's date in the team's time zone, as a Dayjs at local midnight (only its wall-clock fields matter). */
export function teamToday(now: Date = new Date()): Dayjs {
  if (!teamZone) return dayjs(now).startOf('day');
  // sv-SE formats as YYYY-MM-DD, which dayjs reads as local midnight of that date.
  return dayjs(new Intl.DateTimeFormat('sv-SE', { timeZone: teamZone }).format(now));
}

/** The last `days` days up to the end of the team's today, as the reference's Y-m-d H:i:s bounds. */
export function lastDays(days: number, now: Date = new Date()): [Dayjs, Dayjs] {
  const today = teamToday(now);
  return [today.subtract(days - 1, 'day').startOf('day'), today.endOf('day')];
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
