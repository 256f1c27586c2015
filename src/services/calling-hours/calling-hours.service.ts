import { AppError, ErrorCode } from '../../lib/app-error.js';
import { callingHoursRepository, type CallTimeValues } from '../../repositories/calling-hours.repository.js';
import type { Store } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { DEFAULT_CALL_TIME, parseWindows, type CallTimeRules, type Windows } from './windows.js';

const WEEK_KEYS = ['week1', 'week2', 'week3', 'week4', 'week5', 'week6', 'week7'] as const;

export type CallTimeInput = Partial<Record<(typeof WEEK_KEYS)[number] | 'holiday', string>> & {
  holiday_status?: number;
};

/** 4.3 / 4.4 calling hours, and the "may we call now?" answer the dialer asks for every number. */
export class CallingHoursService {
  constructor(private readonly store: Store) {}

  async get(ctx: TenantContext) {
    const row = await this.store.tenant(ctx.teamId, (trx) => callingHoursRepository.find(trx, ctx.teamId));
    const v = row ?? DEFAULT_CALL_TIME;
    return {
      week1: v.week1,
      week2: v.week2,
      week3: v.week3,
      week4: v.week4,
      week5: v.week5,
      week6: v.week6,
      week7: v.week7,
      holiday: v.holiday,
      holiday_status: v.holiday_status,
    };
  }

  /** 4.4: every given field is validated before anything is written; omitted fields keep their value. */
  async save(ctx: TenantContext, input: CallTimeInput): Promise<void> {
    const current = await this.get(ctx);
    const next: CallTimeValues = { ...current };
    const problems: string[] = [];
    for (const key of [...WEEK_KEYS, 'holiday'] as const) {
      const text = input[key];
      if (text === undefined) continue;
      const parsed = parseWindows(text);
      if (typeof parsed === 'string') problems.push(`${key}: ${parsed}`);
      else next[key] = text.trim().replace(/，/g, ',');
    }
    if (input.holiday_status !== undefined) {
      if (input.holiday_status !== 0 && input.holiday_status !== 1) {
        problems.push('holiday_status: 只能为0或1');
      } else next.holiday_status = input.holiday_status;
    }
    if (problems.length > 0) throw new AppError(ErrorCode.WrongDataFormat, problems.join('; '));
    await this.store.tenant(ctx.teamId, (trx) => callingHoursRepository.save(trx, next));
  }

  /** Compiled rules of a team (system read, for the dialer). */
  async rules(teamId: string): Promise<CallTimeRules> {
    const row = await callingHoursRepository.find(this.store.system, teamId);
    const v = row ?? DEFAULT_CALL_TIME;
    const parse = (t: string): Windows => {
      const w = parseWindows(t);
      return typeof w === 'string' ? [] : w;
    };
    return {
      week: [[], ...WEEK_KEYS.map((k) => parse(v[k]))],
      holiday: parse(v.holiday),
      holidayStatus: v.holiday_status,
    };
  }

  /** The calendar entries between two local dates (inclusive). */
  async calendar(from: string, to: string): Promise<Map<string, 'holiday' | 'workday'>> {
    const rows = await callingHoursRepository.holidaysBetween(this.store.system, from, to);
    return new Map(rows.map((r) => [r.day, r.kind]));
  }

  /** Loads an updated statutory calendar (`{days:[{day,kind,name}]}`), e.g. when next year's is published. */
  async loadCalendar(days: { day: string; kind: 'holiday' | 'workday'; name: string }[]): Promise<number> {
    for (const d of days) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d.day) || (d.kind !== 'holiday' && d.kind !== 'workday')) {
        throw new AppError(ErrorCode.WrongDataFormat, `日历数据格式错误: ${JSON.stringify(d)}`);
      }
    }
    await callingHoursRepository.upsertHolidays(this.store.system, days);
    return days.length;
  }
}
