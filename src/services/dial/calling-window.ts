// When calling may next start for a team: lets the dialer sleep through nights, lunch breaks and holidays
// instead of polling.
import { parseDateTime, zonedParts } from '../../lib/clock.js';
import {
  isCallingAllowed,
  localDate,
  type CallTimeRules,
  type DayKind,
  type Windows,
} from '../calling-hours/windows.js';

/** How far ahead to look for an opening; beyond it the rules are treated as "never" (all days empty). */
const HORIZON_DAYS = 15;

const pad = (n: number) => String(n).padStart(2, '0');

function addDays(date: string, days: number): { date: string; weekday: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  const wd = t.getUTCDay(); // 0 = Sunday
  return {
    date: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`,
    weekday: wd === 0 ? 7 : wd,
  };
}

/** The windows that apply on a local date, as `isCallingAllowed` chooses them. */
function windowsOf(rules: CallTimeRules, weekday: number, kind: DayKind): Windows {
  if (kind === 'holiday' && rules.holidayStatus === 1) return rules.holiday;
  if (kind === 'workday' && rules.holidayStatus === 1) return rules.week[1] ?? [];
  return rules.week[weekday] ?? [];
}

function instant(date: string, minute: number, timeZone: string): Date {
  if (minute >= 24 * 60) return instant(addDays(date, 1).date, minute - 24 * 60, timeZone);
  return parseDateTime(`${date} ${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00`, timeZone) as Date;
}

/**
 * The first instant at or after `from` when calling is allowed, or undefined when no window opens within
 * 15 days (e.g. every day empty).
 * @param dayKindOf the holiday-calendar entry of a local date (`YYYY-MM-DD`)
 * @example nextCallingStart(rules, new Date('2025-01-06T04:30:00Z'), 'Asia/Shanghai', () => undefined)
 *   // 2025-01-06T05:30:00Z (13:30 local, after the lunch break)
 */
export function nextCallingStart(
  rules: CallTimeRules,
  from: Date,
  timeZone: string,
  dayKindOf: (date: string) => DayKind,
): Date | undefined {
  const today = localDate(from, timeZone);
  if (isCallingAllowed(rules, from, timeZone, dayKindOf(today))) return from;
  const startWeekday = zonedParts(from, timeZone).weekday;
  for (let d = 0; d < HORIZON_DAYS; d++) {
    const { date, weekday } = d === 0 ? { date: today, weekday: startWeekday } : addDays(today, d);
    for (const [start, end] of windowsOf(rules, weekday, dayKindOf(date))) {
      const opens = instant(date, start, timeZone);
      const closes = instant(date, end, timeZone);
      if (closes.getTime() <= from.getTime()) continue;
      return opens.getTime() > from.getTime() ? opens : from;
    }
  }
  return undefined;
}
