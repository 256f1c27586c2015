import { parseDateTime, zonedParts, type Clock } from '../lib/clock.js';
import { consoleStatsRepository } from '../repositories/console-stats.repository.js';
import type { Store } from '../repositories/store.js';
import type { TenantContext } from './tenant-context.js';

export interface DayStats {
  day: string;
  calls: number;
  answered: number;
  /** answered / calls, 0–1 (0 when nothing was called). */
  connect_rate: number;
  grade_ab: number;
  talk_minutes: number;
  /** 24 entries, hour 0–23 in the team's time zone. */
  per_hour: { hour: number; calls: number; answered: number }[];
  per_grade: { grade: string; calls: number }[];
}

/** The dashboard's figures for one calendar day in the team's time zone (default: today). */
export class ConsoleStatsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async day(ctx: TenantContext, day?: string): Promise<DayStats> {
    const tz = ctx.timezone;
    const today = zonedParts(this.clock.now(), tz);
    const label =
      day ?? `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
    const from = parseDateTime(label, tz) ?? new Date(NaN);
    const next = new Date(from.getTime() + 36 * 3600_000); // past any DST day length; the date part is what counts
    const p = zonedParts(next, tz);
    const to = parseDateTime(`${p.year}-${p.month}-${p.day}`, tz) ?? new Date(NaN);
    const w = { from, to, timezone: tz, visibleTo: ctx.isMain ? undefined : ctx.accountId };
    const [totals, hours, grades] = await this.store.tenant(ctx.teamId, (trx) =>
      Promise.all([
        consoleStatsRepository.totals(trx, w),
        consoleStatsRepository.byHour(trx, w),
        consoleStatsRepository.byGrade(trx, w),
      ]),
    );
    const perHour = Array.from({ length: 24 }, (_, hour) => {
      const h = hours.find((r) => Number(r.hour) === hour);
      return { hour, calls: h?.calls ?? 0, answered: h?.answered ?? 0 };
    });
    return {
      day: label,
      calls: totals.calls,
      answered: totals.answered,
      connect_rate: totals.calls === 0 ? 0 : totals.answered / totals.calls,
      grade_ab: totals.grade_ab,
      talk_minutes: Math.round(Number(totals.talk_seconds) / 6) / 10,
      per_hour: perHour,
      per_grade: grades
        .map((g) => ({ grade: g.grade || '未分级', calls: g.calls }))
        .sort((a, b) => a.grade.localeCompare(b.grade)),
    };
  }
}
