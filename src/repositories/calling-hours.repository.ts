import { sql } from 'kysely';
import type { Executor } from './store.js';

export interface CallTimeValues {
  week1: string;
  week2: string;
  week3: string;
  week4: string;
  week5: string;
  week6: string;
  week7: string;
  holiday: string;
  holiday_status: number;
}

/** The team's calling windows and the global statutory holiday calendar. */
export const callingHoursRepository = {
  find(db: Executor, teamId: string) {
    return db.selectFrom('call_time_settings').selectAll().where('team_id', '=', teamId).executeTakeFirst();
  },

  async save(db: Executor, v: CallTimeValues): Promise<void> {
    await db
      .insertInto('call_time_settings')
      .values(v)
      .onConflict((oc) => oc.column('team_id').doUpdateSet({ ...v, updated_at: sql`now()` }))
      .execute();
  },

  holidaysBetween(db: Executor, from: string, to: string) {
    return db.selectFrom('holidays').selectAll().where('day', '>=', from).where('day', '<=', to).execute();
  },

  /** Replaces the calendar rows of the given days (system use: loading an updated calendar). */
  async upsertHolidays(db: Executor, rows: { day: string; kind: 'holiday' | 'workday'; name: string }[]) {
    if (rows.length === 0) return;
    await db
      .insertInto('holidays')
      .values(rows)
      .onConflict((oc) =>
        oc
          .column('day')
          .doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name') })),
      )
      .execute();
  },
};
