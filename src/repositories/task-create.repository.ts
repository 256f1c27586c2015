// Creating tasks and moving them through an import: the daily creation quota, the task row and its import columns
// (compat-notes "Task creation"). Task states are written by the task state machine's owner
// (services/task/task-lifecycle.service.ts); a new row's state comes from it too.
import { sql } from 'kysely';
import type { Executor } from './store.js';
import { hasWaitingNumber } from './task-number-predicates.js';

export interface NewTask {
  sn: string;
  account_id: string;
  operator_id: string;
  script_id: string;
  name: string;
  batch: string;
  remark: string;
  priority: number;
  task_type: number;
  auto_start: boolean;
  timed_started_at: Date | null;
  fail_recall: { enabled: boolean; times: number; interval: number; reasons: string[] };
  /** The line the task dials on; null = the team's default line. */
  line_id: string | null;
  expires_at: Date | null;
  /** The state a new task is born in (services/task/task-transitions.ts `InitialTaskStatus`). */
  status: number;
}

/** Advisory-lock namespace serialising task creation per operator (the quota check then holds). */
const QUOTA_LOCK_NS = 727_102;

const TASK_COLUMNS = [
  'id',
  'sn',
  'team_id',
  'name',
  'batch',
  'status',
  'auto_start',
  'timed_started_at',
  'import_status',
  'import_percent',
  'import_mark',
  'deleted_at',
] as const;

export const taskCreateRepository = {
  /** Takes the operator's quota lock (until the transaction ends) and counts the tasks it created since `since`. */
  async lockAndCountCreated(db: Executor, operatorId: string, since: Date): Promise<number> {
    await sql`SELECT pg_advisory_xact_lock(${QUOTA_LOCK_NS}, (${operatorId}::bigint % 2147483647)::int)`.execute(
      db,
    );
    const r = await db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('operator_id', '=', operatorId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** Tasks the operator created since `since` (a quick check before the locked one). */
  async countCreated(db: Executor, operatorId: string, since: Date): Promise<number> {
    const r = await db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('operator_id', '=', operatorId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** A usable script template (not deleted, enabled) with its import columns. */
  findScript(db: Executor, sn: string) {
    return db
      .selectFrom('scripts')
      .select(['id', 'sn', 'caption', 'columns'])
      .where('sn', '=', sn)
      .where('deleted_at', 'is', null)
      .where('status', '=', 1)
      .executeTakeFirst();
  },

  /** The import columns of a task's script (deleted scripts included: appends follow the task's template). */
  async scriptColumnsOfTask(db: Executor, taskId: string): Promise<string[] | undefined> {
    const row = await db
      .selectFrom('scripts')
      .innerJoin('tasks', 'tasks.script_id', 'scripts.id')
      .select('scripts.columns')
      .where('tasks.id', '=', taskId)
      .executeTakeFirst();
    return row?.columns;
  },

  async insert(db: Executor, t: NewTask): Promise<{ id: string; sn: string }> {
    return db
      .insertInto('tasks')
      .values({ ...t, fail_recall: JSON.stringify(t.fail_recall), import_mark: '{}', import_status: 0 })
      .returning(['id', 'sn'])
      .executeTakeFirstOrThrow();
  },

  /** A live (not deleted) task by sn. */
  findBySn(db: Executor, sn: string) {
    return db
      .selectFrom('tasks')
      .select(TASK_COLUMNS)
      .where('sn', '=', sn)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  },

  /** A task by id or sn (5.7.3 / 5.7.4 accept either), deleted ones included. */
  findByKey(db: Executor, key: { id?: string; sn?: string }) {
    let q = db.selectFrom('tasks').select(TASK_COLUMNS);
    if (key.id !== undefined) q = q.where('id', '=', key.id);
    if (key.sn !== undefined) q = q.where('sn', '=', key.sn);
    return q.executeTakeFirst();
  },

  lock(db: Executor, id: string) {
    return db.selectFrom('tasks').select(TASK_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** A new import is queued: the task shows 未处理 unless another import is already running. */
  async markImportQueued(db: Executor, id: string): Promise<void> {
    await db
      .updateTable('tasks')
      .set({
        import_status: sql`CASE WHEN import_status = 1 THEN 1 ELSE 0 END`,
        import_percent: sql`CASE WHEN import_status = 1 THEN import_percent ELSE 0 END`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  },

  async markImporting(db: Executor, id: string): Promise<void> {
    await db
      .updateTable('tasks')
      .set({ import_status: 1, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('import_status', '<>', 1)
      .execute();
  },

  /** Whether the task has a number waiting to be dialed. */
  async hasWaitingNumbers(db: Executor, id: string): Promise<boolean> {
    const r = await sql<{ waiting: boolean }>`SELECT ${hasWaitingNumber(id)} AS waiting`.execute(db);
    return r.rows[0]?.waiting === true;
  },

  /** Records how an import ended on the task (the status change it causes is the state machine's). */
  async recordImportEnd(
    db: Executor,
    id: string,
    end: { importStatus: number; percent: number; mark: unknown; totalCountDelta?: number },
  ): Promise<void> {
    await db
      .updateTable('tasks')
      .set({
        import_status: end.importStatus,
        import_percent: end.percent,
        import_mark: sql`${JSON.stringify(end.mark)}::jsonb`,
        total_count: sql`total_count - ${end.totalCountDelta ?? 0}`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  },
};
