// Creation-time filters of 5.1 (compat-notes "Task list"): wall-clock times in the team's zone.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { parseDateTime, zonedParts } from '../../lib/clock.js';

/** A half-open instant range [from, to); a missing bound is open. */
export interface TimeWindow {
  readonly from?: Date;
  readonly to?: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isDateOnly = (text: string) => /^\d{4}-\d{1,2}-\d{1,2}$/.test(text.trim());

function nextDay(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day + 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Today in `timeZone` as [00:00, next 00:00). */
export function todayWindow(now: Date, timeZone: string): Required<TimeWindow> {
  const p = zonedParts(now, timeZone);
  const from = parseDateTime(`${p.year}-${pad(p.month)}-${pad(p.day)}`, timeZone)!;
  const to = parseDateTime(nextDay(p.year, p.month, p.day), timeZone)!;
  return { from, to };
}

function parseBound(name: string, text: string, timeZone: string): Date {
  const at = parseDateTime(text, timeZone);
  if (!at) throw new AppError(ErrorCode.WrongDataFormat, `${name}格式错误,应为Y-m-d或Y-m-d H:i:s`);
  return at;
}

/**
 * The 5.1 window: both bounds empty = today; otherwise each given bound applies and a missing one is open.
 * An end date without a time covers that whole day; an end date-time covers its whole second.
 * @example createdWindow('2024-10-01', '2024-10-08', now, 'Asia/Shanghai') // Oct 1 00:00 … Oct 9 00:00
 */
export function createdWindow(
  start: string | undefined,
  end: string | undefined,
  now: Date,
  timeZone: string,
): TimeWindow {
  const s = start?.trim() ?? '';
  const e = end?.trim() ?? '';
  if (s === '' && e === '') return todayWindow(now, timeZone);
  const from = s === '' ? undefined : parseBound('start_create_at', s, timeZone);
  let to: Date | undefined;
  if (e !== '') {
    const at = parseBound('end_create_at', e, timeZone);
    if (isDateOnly(e)) {
      const p = zonedParts(at, timeZone);
      to = parseDateTime(nextDay(p.year, p.month, p.day), timeZone);
    } else {
      to = new Date(at.getTime() + 1000);
    }
  }
  return { from, to };
}
