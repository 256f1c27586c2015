import { sql } from 'kysely';
import type { Executor } from './store.js';

/** Inserts for demo data (the first-start demo tenant): a script, a running task and its numbers. */
export const dialSeedRepository = {
  /** The team and its main account, by team sn (system read). */
  teamBySn(db: Executor, teamSn: string) {
    return db
      .selectFrom('teams as t')
      .innerJoin('accounts as a', (j) => j.onRef('a.team_id', '=', 't.id').on('a.parent_id', 'is', null))
      .select(['t.id as team_id', 'a.id as account_id'])
      .where('t.sn', '=', teamSn)
      .executeTakeFirst();
  },

  insertScript(
    db: Executor,
    s: {
      sn: string;
      name: string;
      caption: string;
      question_sn: string;
      columns: string[];
      definition: unknown;
    },
  ) {
    return db
      .insertInto('scripts')
      .values({ ...s, columns: JSON.stringify(s.columns), definition: JSON.stringify(s.definition) })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  insertTask(
    db: Executor,
    t: {
      sn: string;
      name: string;
      account_id: string;
      script_id: string;
      fail_recall: Record<string, unknown>;
      total_count: number;
      started_at: Date;
      /** The state the demo task is born in (the task state machine's `InitialTaskStatus.demo`). */
      status: number;
    },
  ) {
    return db
      .insertInto('tasks')
      .values({
        ...t,
        operator_id: t.account_id,
        fail_recall: JSON.stringify(t.fail_recall),
        import_status: 2,
        import_percent: 100,
        remark: '演示任务:模拟器线路,不拨打真实电话',
      })
      .returning(['id', 'sn'])
      .executeTakeFirstOrThrow();
  },

  async insertNumbers(
    db: Executor,
    taskId: string,
    rows: readonly { phone: string; columns: Record<string, string> }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await db
      .insertInto('task_numbers')
      .values(
        rows.map((r, i) => ({
          task_id: taskId,
          phone: r.phone,
          row_no: i + 1,
          columns: JSON.stringify(r.columns),
        })),
      )
      .execute();
  },

  /** Calling allowed all day, every day (the demo must show calls whenever it is started). */
  async callAllDay(db: Executor): Promise<void> {
    const all = '00:00-24:00';
    await sql`
      INSERT INTO call_time_settings (week1, week2, week3, week4, week5, week6, week7, holiday, holiday_status)
      VALUES (${all}, ${all}, ${all}, ${all}, ${all}, ${all}, ${all}, ${all}, 1)
      ON CONFLICT (team_id) DO UPDATE SET week1 = ${all}, week2 = ${all}, week3 = ${all}, week4 = ${all},
        week5 = ${all}, week6 = ${all}, week7 = ${all}, holiday = ${all}, holiday_status = 1, updated_at = now()`.execute(
      db,
    );
  },
};
