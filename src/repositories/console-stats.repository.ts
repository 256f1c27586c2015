// Aggregates of one day's call records for the console dashboard (首页): totals, per hour, per grade.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordsVisibleTo } from './call-record-query.js';
import type { Executor } from './store.js';

export interface DayWindow {
  readonly from: Date;
  readonly to: Date;
  readonly timezone: string;
  /** A sub-account sees the records of its own calls and of the tasks it created (as 6.1). */
  readonly visibleTo?: string;
}

function inWindow(w: DayWindow) {
  return (eb: ExpressionBuilder<Database, 'call_records'>) => {
    const c = [eb('call_records.created_at', '>=', w.from), eb('call_records.created_at', '<', w.to)];
    if (w.visibleTo) c.push(recordsVisibleTo(eb, w.visibleTo));
    return eb.and(c);
  };
}

export const consoleStatsRepository = {
  totals(db: Executor, w: DayWindow) {
    return db
      .selectFrom('call_records')
      .where(inWindow(w))
      .select([
        sql<number>`count(*)::int`.as('calls'),
        sql<number>`(count(*) FILTER (WHERE connected_at IS NOT NULL))::int`.as('answered'),
        sql<number>`(count(*) FILTER (WHERE grade IN ('A', 'B')))::int`.as('grade_ab'),
        sql<number>`coalesce(sum(talktimes), 0)::bigint`.as('talk_seconds'),
      ])
      .executeTakeFirstOrThrow();
  },

  byHour(db: Executor, w: DayWindow) {
    const hour = sql<number>`extract(hour from created_at AT TIME ZONE ${w.timezone})::int`;
    return db
      .selectFrom('call_records')
      .where(inWindow(w))
      .select([
        hour.as('hour'),
        sql<number>`count(*)::int`.as('calls'),
        sql<number>`(count(*) FILTER (WHERE connected_at IS NOT NULL))::int`.as('answered'),
      ])
      .groupBy(sql`1`)
      .execute();
  },

  byGrade(db: Executor, w: DayWindow) {
    return db
      .selectFrom('call_records')
      .where(inWindow(w))
      .select(['grade', sql<number>`count(*)::int`.as('calls')])
      .groupBy('grade')
      .execute();
  },
};
