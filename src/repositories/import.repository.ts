// Import batches (imports) and the rows they did not import (import_rejects). The chunk work itself is in
// import-chunk.repository.ts.
import { sql } from 'kysely';
import type { Executor } from './store.js';

export interface NewImport {
  task_id: string;
  account_id: string | null;
  source_kind: 'json' | 'file';
  source_path: string;
  source_name: string;
  source_bytes: number;
  template: Record<string, unknown>;
  settings: Record<string, unknown>;
  total_rows: number | null;
}

const COLUMNS = [
  'id',
  'team_id',
  'task_id',
  'source_kind',
  'source_path',
  'source_name',
  'source_bytes',
  'template',
  'settings',
  'status',
  'total_rows',
  'rows_done',
  'percent',
  'counts',
  'error',
  'as_of',
  'created_at',
  'finished_at',
] as const;

export const importRepository = {
  /** Inside the tenant transaction that creates (or appends to) the task. */
  async insert(db: Executor, v: NewImport): Promise<string> {
    const row = await db
      .insertInto('imports')
      .values({
        ...v,
        template: JSON.stringify(v.template),
        settings: JSON.stringify(v.settings),
        counts: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  get(db: Executor, id: string) {
    return db.selectFrom('imports').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  },

  /** Locks the import for its final transaction. */
  lock(db: Executor, id: string) {
    return db.selectFrom('imports').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** The task's most recent import (5.7.3 / 5.7.4 report on it). */
  latestForTask(db: Executor, taskId: string) {
    return db
      .selectFrom('imports')
      .select(COLUMNS)
      .where('task_id', '=', taskId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /** Whether the task has another import still queued or running. */
  async othersUnfinished(db: Executor, taskId: string, exceptId: string): Promise<boolean> {
    const row = await db
      .selectFrom('imports')
      .select('id')
      .where('task_id', '=', taskId)
      .where('id', '<>', exceptId)
      .where('status', 'in', ['queued', 'running'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  async markRunning(db: Executor, id: string): Promise<void> {
    await db
      .updateTable('imports')
      .set({ status: 'running', started_at: sql`coalesce(started_at, now())` })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  },

  async finish(
    db: Executor,
    id: string,
    outcome: { status: 'done' | 'failed'; error: string | null; totalRows: number },
  ): Promise<void> {
    await db
      .updateTable('imports')
      .set({
        status: outcome.status,
        error: outcome.error,
        total_rows: outcome.totalRows,
        percent: outcome.status === 'done' ? 100 : sql`percent`,
        finished_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  },

  /** Rejected rows in source order. */
  rejects(db: Executor, importId: string, offset: number, limit: number) {
    return db
      .selectFrom('import_rejects')
      .select(['row_no', 'phone', 'disposition', 'reason', 'columns'])
      .where('import_id', '=', importId)
      .orderBy('row_no')
      .offset(offset)
      .limit(limit)
      .execute();
  },

  async countRejects(db: Executor, importId: string): Promise<number> {
    const r = await db
      .selectFrom('import_rejects')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /**
   * Withdraws a failed import: its rejected rows and its numbers not yet dialed. Returns how many dialable
   * numbers went (the task's total_count drops by that much).
   */
  async withdraw(db: Executor, importId: string, taskId: string): Promise<number> {
    await db.deleteFrom('import_rejects').where('import_id', '=', importId).execute();
    const r = await sql<{ dialable: string }>`
      WITH gone AS (
        DELETE FROM task_numbers
        WHERE task_id = ${taskId} AND import_id = ${importId} AND status IN (0, 4) AND attempts = 0
        RETURNING status)
      SELECT count(*) FILTER (WHERE status = 0) AS dialable FROM gone`.execute(db);
    return Number(r.rows[0]?.dialable ?? 0);
  },
};
