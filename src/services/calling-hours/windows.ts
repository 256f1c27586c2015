import { zonedParts } from '../../lib/clock.js';

/** A day's calling windows, minutes from midnight, half-open [start, end). */
export type Windows = readonly (readonly [number, number])[];

export interface CallTimeRules {
  /** Index 1…7 = Monday…Sunday (the reference's week1…week7). */
  readonly week: readonly Windows[];
  readonly holiday: Windows;
  /** 1 = holidays use `holiday` windows; 0 = holidays are treated as ordinary days. */
  readonly holidayStatus: number;
}

export const DEFAULT_CALL_TIME = {
  week1: '09:00-12:00,13:30-20:00',
  week2: '09:00-12:00,13:30-20:00',
  week3: '09:00-12:00,13:30-20:00',
  week4: '09:00-12:00,13:30-20:00',
  week5: '09:00-12:00,13:30-20:00',
  week6: '',
  week7: '',
  holiday: '',
  holiday_status: 1,
};

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const MAX_RANGES = 4;

/**
 * Parses `08:30-12:00,13:30-20:30` (up to 4 ranges, empty = no calling). Returns the problem text when invalid.
 * @example parseWindows('08:30-12:00') // [[510, 720]]
 */
export function parseWindows(text: string): Windows | string {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/[,，]/).map((p) => p.trim());
  if (parts.length > MAX_RANGES) return `最多设置${MAX_RANGES}个时间段`;
  const out: [number, number][] = [];
  for (const part of parts) {
    const m = RANGE.exec(part);
    if (!m) return `时间段格式错误: ${part},应为HH:MM-HH:MM`;
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (end > 24 * 60 || start >= end) return `时间段开始须早于结束: ${part}`;
    out.push([start, end]);
  }
  out.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < out.length; i++) {
    if (out[i]![0] < out[i - 1]![1]) return '时间段不能重叠';
  }
  return out;
}

export type DayKind = 'holiday' | 'workday' | undefined;

/**
 * Whether calling is allowed at `at` in `timeZone`. A statutory holiday uses the holiday windows (when enabled);
 * a make-up working day (调休) uses Monday's windows whatever weekday it falls on.
 * @param dayKind the calendar entry of that local date, if any
 */
export function isCallingAllowed(
  rules: CallTimeRules,
  at: Date,
  timeZone: string,
  dayKind: DayKind,
): boolean {
  const p = zonedParts(at, timeZone);
  const minute = p.hour * 60 + p.minute;
  let windows: Windows;
  if (dayKind === 'holiday' && rules.holidayStatus === 1) windows = rules.holiday;
  else if (dayKind === 'workday' && rules.holidayStatus === 1) windows = rules.week[1] ?? [];
  else windows = rules.week[p.weekday] ?? [];
  return windows.some(([s, e]) => minute >= s && minute < e);
}

/** Local calendar date `YYYY-MM-DD` of `at` in `timeZone` (the holiday calendar's key). */
export function localDate(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
