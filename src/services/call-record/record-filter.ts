// 6.1 crmList parameters (wire names) → a repository query (our names). Liberal: unknown parameters are
// ignored, lists may be arrays, JSON arrays or comma lists (coerced by the route), dates may be dates or
// date-times. See docs/compat-notes.md "Call records" for which filters are no-ops.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { parseDateTime, zonedParts } from '../../lib/clock.js';
import type { NumberRange, RecordQuery } from '../../repositories/call-record-query.js';

/** The 6.1 filters as received (after the route's coercion). */
export interface CrmListFilters {
  start_create_at?: string;
  end_create_at?: string;
  updated_at?: string;
  phone?: string;
  dial_task_main_sn?: string[];
  ids_json?: string[];
  project_sn?: string[];
  namephone?: string;
  talktimes_min?: number;
  talktimes_max?: number;
  turn_count_min?: number;
  turn_count_max?: number;
  score_min?: number;
  score_max?: number;
  asks_count_min?: number;
  asks_count_max?: number;
  hangup_serial_number?: number[];
  area_code?: string;
  status_search?: string;
  status?: string[];
  status_value?: string[];
  mark?: string;
  dynamic_labelling?: string[];
  warning_times_min?: number;
  warning_times_max?: number;
  fs_intervention_time_min?: number;
  fs_intervention_time_max?: number;
  /** Accepted, no effect (quality checks, return visits, warnings, seat assistance are not modelled). */
  qc_status?: unknown;
  return_visit?: unknown;
  warning_results?: unknown;
  seating_assistance?: unknown;
}

/** The repository query, or `empty` when a filter can match no record at all. */
export interface ResolvedFilters {
  readonly query: RecordQuery;
  readonly empty: boolean;
}

const DAY_ONLY = /^\s*\d{4}-\d{1,2}-\d{1,2}\s*$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** A wire time: `Y-m-d`, `Y-m-d H:i[:s]` in the team's zone, or unix seconds. */
function parseTime(field: string, value: string, timeZone: string): Date {
  const v = value.trim();
  const d = /^\d{9,10}$/.test(v) ? new Date(Number(v) * 1000) : parseDateTime(v, timeZone);
  if (!d) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${field}: 时间格式应为Y-m-d H:i:s或Y-m-d`);
  return d;
}

/** Midnight starting the day after the wall-clock date of `d` in `timeZone`. */
function nextMidnight(d: Date, timeZone: string): Date {
  const p = zonedParts(d, timeZone);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  const text = `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
  return parseDateTime(text, timeZone)!;
}

function startOfDay(d: Date, timeZone: string): Date {
  const p = zonedParts(d, timeZone);
  return parseDateTime(`${p.year}-${pad(p.month)}-${pad(p.day)}`, timeZone)!;
}

/**
 * The creation window. A date-only end covers that whole day; a date-time end covers its whole second. Both
 * empty: today in the team's zone, unless `updated_at` is given (incremental sync reads across days).
 */
function createdWindow(
  f: CrmListFilters,
  now: Date,
  timeZone: string,
): Pick<RecordQuery, 'createdFrom' | 'createdBefore'> {
  const start = f.start_create_at?.trim() ?? '';
  const end = f.end_create_at?.trim() ?? '';
  if (start === '' && end === '') {
    return f.updated_at?.trim()
      ? {}
      : { createdFrom: startOfDay(now, timeZone), createdBefore: nextMidnight(now, timeZone) };
  }
  const from = start === '' ? undefined : parseTime('start_create_at', start, timeZone);
  let before: Date | undefined;
  if (end !== '') {
    const e = parseTime('end_create_at', end, timeZone);
    before = DAY_ONLY.test(end)
      ? nextMidnight(e, timeZone)
      : new Date(Math.floor(e.getTime() / 1000) * 1000 + 1000);
  }
  if (from && before && from >= before) {
    throw new AppError(ErrorCode.WrongDataFormat, '参数错误: start_create_at不能晚于end_create_at');
  }
  return { createdFrom: from, createdBefore: before };
}

function numberRange(field: string, min?: number, max?: number): NumberRange | undefined {
  if (min === undefined && max === undefined) return undefined;
  if (min !== undefined && max !== undefined && min > max) {
    throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${field}_min不能大于${field}_max`);
  }
  return { min, max };
}

/** A range over a field every record has at 0: it matches all records or none. */
const excludesZero = (min?: number, max?: number) =>
  (min !== undefined && min > 0) || (max !== undefined && max < 0);

const clean = (list?: readonly string[]) => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];
/** Intention levels: single letters are compared upper-case (clients send `a,b` too). */
const levels = (list?: readonly string[]) =>
  clean(list).map((s) => (/^[a-z]$/.test(s) ? s.toUpperCase() : s));

/**
 * Resolves the 6.1 filters against the team's zone and the current time.
 * @example resolveFilters({ status_search: 'status_manual', status_value: ['A'] }, now, 'Asia/Shanghai').query.manualStatuses // ['A']
 */
export function resolveFilters(f: CrmListFilters, now: Date, timeZone: string): ResolvedFilters {
  const search = f.status_search?.trim() || 'status';
  if (search !== 'status' && search !== 'status_manual') {
    throw new AppError(ErrorCode.WrongDataFormat, '参数错误: status_search只能为status或status_manual');
  }
  const wanted = levels([...(f.status_value ?? []), ...(f.status ?? [])]);
  const ids = clean(f.ids_json);
  const query: RecordQuery = {
    ...createdWindow(f, now, timeZone),
    updatedFrom: f.updated_at?.trim() ? parseTime('updated_at', f.updated_at, timeZone) : undefined,
    phone: f.phone?.trim() || undefined,
    taskSns: clean(f.dial_task_main_sn),
    ids: ids.filter((v) => /^\d{1,18}$/.test(v)),
    sns: ids.filter((v) => !/^\d{1,18}$/.test(v)),
    projectSns: clean(f.project_sn),
    nameOrPhone: f.namephone?.trim() || undefined,
    talktimes: numberRange('talktimes', f.talktimes_min, f.talktimes_max),
    turnCount: numberRange('turn_count', f.turn_count_min, f.turn_count_max),
    score: numberRange('score', f.score_min, f.score_max),
    asksCount: numberRange('asks_count', f.asks_count_min, f.asks_count_max),
    resultCodes: [...new Set(f.hangup_serial_number ?? [])],
    areaCode: f.area_code?.trim() || undefined,
    grades: search === 'status' ? wanted : [],
    manualStatuses: search === 'status_manual' ? wanted : [],
    mark: f.mark?.trim() || undefined,
    labels: clean(f.dynamic_labelling),
  };
  numberRange('warning_times', f.warning_times_min, f.warning_times_max);
  numberRange('fs_intervention_time', f.fs_intervention_time_min, f.fs_intervention_time_max);
  const empty =
    excludesZero(f.warning_times_min, f.warning_times_max) ||
    excludesZero(f.fs_intervention_time_min, f.fs_intervention_time_max);
  return { query, empty };
}
