// Tasks as the management endpoints see them (5.1, 5.2, 5.4, 5.5, 5.10): the joined list view, key lookup,
// locked state changes and counter adjustments. Deleted tasks are invisible everywhere here.
import { sql, type Expression } from 'kysely';
import type { FailRecall } from '../db/schema-domain.js';
import { cachedStatement, type Placeholders } from '../db/statement-cache.js';
import { escapeLike } from './account.repository.js';
import type { Executor } from './store.js';
import { fromTaskContext } from './task-context.js';
import { isFresh, isIndexedDue } from './task-number-predicates.js';

export type { FailRecall };

/** Tasks a sub-account may see: those it owns or created (main accounts see the team's). */
export interface TaskScope {
  readonly visibleTo?: string;
}

export interface TaskListFilter extends TaskScope {
  from?: Date;
  to?: Date;
  status?: number;
  ownerSn?: string;
  ownerName?: string;
  name?: string;
  sn?: string;
  scriptSn?: string;
  offset: number;
  limit: number;
}

export type CounterName = 'total_count' | 'send_count' | 'success' | 'fail' | 'stops';

const VIEW_COLUMNS = [
  't.id',
  't.sn',
  't.name',
  't.batch',
  't.remark',
  't.status',
  't.status_reason',
  't.priority',
  't.task_type',
  't.auto_start',
  't.timed_started_at',
  't.line_id',
  't.fail_recall',
  't.import_status',
  't.import_percent',
  't.total_count',
  't.send_count',
  't.success',
  't.fail',
  't.stops',
  't.started_at',
  't.stoped_at',
  't.created_at',
  't.updated_at',
  'owner.sn as user_sn',
  'owner.user_name',
  'parent.user_name as parent_name',
  'op.user_name as operator_name',
  's.sn as project_sn',
  's.caption as project_caption',
  'team.sn as team_sn',
  'team.name as team_name',
  'team.caller_group',
] as const;

/** Live tasks, only those `me` owns or created when given (a value, or a cached statement's placeholder). */
function viewQuery(db: Executor, me: Expression<string> | undefined) {
  const q = fromTaskContext(db).where('t.deleted_at', 'is', null);
  if (me === undefined) return q;
  return q.where((eb) => eb.or([eb('t.account_id', '=', me), eb('t.operator_id', '=', me)]));
}

/** The scope's sub-account as a bound value, or undefined for a main account (the team's tasks). */
const visibleToOf = (scope: TaskScope) =>
  scope.visibleTo === undefined ? undefined : sql.val(scope.visibleTo);

/** One visible task by id or sn (5.4 heads its polled detail list with it): compiled once per key and scope. */
const taskByKey = cachedStatement(
  (db, v: Placeholders<{ key: string; visibleTo: string }>, shape: { by: 'id' | 'sn'; scoped: boolean }) =>
    viewQuery(db, shape.scoped ? v.visibleTo : undefined)
      .select(VIEW_COLUMNS)
      .where(shape.by === 'id' ? 't.id' : 't.sn', '=', v.key),
);

const findByKey = async (db: Executor, by: 'id' | 'sn', key: string, scope: TaskScope) => {
  const scoped = scope.visibleTo !== undefined;
  const [task] = await taskByKey(db, { by, scoped }, { key, visibleTo: scope.visibleTo ?? '' });
  return task;
};

/** A task as 5.1 lists it and 5.4 heads its detail list. */
export type TaskView = Awaited<ReturnType<typeof taskManageRepository.listTasks>>['rows'][number];

/** The fields a state change needs, read under a row lock. */
export interface LockedTask {
  id: string;
  sn: string;
  status: number;
  import_status: number;
  started_at: Date | null;
  expires_at: Date | null;
  status_reason: string;
}

export const taskManageRepository = {
  /** 5.1: newest first. */
  async listTasks(db: Executor, f: TaskListFilter) {
    let q = viewQuery(db, visibleToOf(f));
    if (f.from) q = q.where('t.created_at', '>=', f.from);
    if (f.to) q = q.where('t.created_at', '<', f.to);
    if (f.status !== undefined) q = q.where('t.status', '=', f.status);
    if (f.ownerSn) q = q.where('owner.sn', '=', f.ownerSn);
    if (f.ownerName) q = q.where('owner.user_name', '=', f.ownerName);
    if (f.name) q = q.where('t.name', 'like', `%${escapeLike(f.name)}%`);
    if (f.sn) q = q.where('t.sn', '=', f.sn);
    if (f.scriptSn) q = q.where('s.sn', '=', f.scriptSn);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select(VIEW_COLUMNS)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .offset(f.offset)
      .limit(f.limit)
      .execute();
    return { total: Number(total.n), rows };
  },

  /** Visible tasks whose id or sn is among the keys (5.2 pkeys). */
  findByKeys(db: Executor, keys: { ids: string[]; sns: string[] }, scope: TaskScope) {
    if (keys.ids.length === 0 && keys.sns.length === 0) return Promise.resolve([]);
    return viewQuery(db, visibleToOf(scope))
      .select(VIEW_COLUMNS)
      .where((eb) =>
        eb.or([
          ...(keys.ids.length > 0 ? [eb('t.id', 'in', keys.ids)] : []),
          ...(keys.sns.length > 0 ? [eb('t.sn', 'in', keys.sns)] : []),
        ]),
      )
      .execute();
  },

  findBySn(db: Executor, sn: string, scope: TaskScope) {
    return findByKey(db, 'sn', sn, scope);
  },

  findById(db: Executor, id: string, scope: TaskScope) {
    return findByKey(db, 'id', id, scope);
  },

  /** Locks a live task row for a state change (FOR UPDATE inside the caller's transaction). */
  lockForChange(db: Executor, id: string): Promise<LockedTask | undefined> {
    return db
      .selectFrom('tasks')
      .select(['id', 'sn', 'status', 'import_status', 'started_at', 'expires_at', 'status_reason'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Applies a status change only if the task is still in `from` (safe without a lock too). */
  async changeStatus(
    db: Executor,
    id: string,
    from: number,
    patch: {
      status: number;
      status_reason?: string;
      started_at?: Date | null;
      stoped_at?: Date | null;
      deleted_at?: Date;
      paused_for_line_id?: string | null;
      updated_at: Date;
    },
  ): Promise<boolean> {
    const r = await db
      .updateTable('tasks')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', from)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },

  /**
   * Batch form of a guarded `changeStatus` for the task state machine's "finish": `from` → `to` for those of the
   * tasks with no number in `openNumbers` states and no import in `busyImports` states. A task that never had a
   * number says so in status_reason. Returns the tasks that changed. (Status values come from the caller, the
   * state machine's owner.)
   */
  async finishIdle(
    db: Executor,
    taskIds: readonly string[],
    s: { from: number; to: number; openNumbers: readonly number[]; busyImports: readonly number[] },
    now: Date,
  ) {
    if (taskIds.length === 0) return [];
    const { rows } = await sql<{ id: string; sn: string; status_reason: string }>`
      UPDATE tasks t
      SET status = ${s.to}, stoped_at = ${now}, updated_at = ${now},
          status_reason = CASE WHEN EXISTS (SELECT 1 FROM task_numbers n WHERE n.task_id = t.id)
                               THEN '' ELSE '任务没有可呼叫的号码' END
      WHERE t.id = ANY(${[...taskIds]}::bigint[]) AND t.status = ${s.from} AND t.deleted_at IS NULL
        AND NOT (t.import_status = ANY(${[...s.busyImports]}::smallint[]))
        AND NOT EXISTS (SELECT 1 FROM task_numbers n
                        WHERE n.task_id = t.id AND n.status = ANY(${[...s.openNumbers]}::smallint[]))
      RETURNING t.id, t.sn, t.status_reason`.execute(db);
    return rows;
  },

  /** Adds (or subtracts) to the incrementally kept counters. */
  async adjustCounters(db: Executor, id: string, delta: Partial<Record<CounterName, number>>, at: Date) {
    const set: Record<string, unknown> = { updated_at: at };
    for (const [k, v] of Object.entries(delta)) {
      if (v) set[k] = sql`${sql.ref(k)} + ${v}`;
    }
    await db.updateTable('tasks').set(set).where('id', '=', id).execute();
  },

  saveFailRecall(db: Executor, id: string, settings: FailRecall, at: Date) {
    return db
      .updateTable('tasks')
      .set({ fail_recall: JSON.stringify(settings), updated_at: at })
      .where('id', '=', id)
      .execute();
  },

  /** A new task made from another (5.5 recall into a new task); numbers are copied separately. */
  insertCopy(
    db: Executor,
    source: string,
    t: { sn: string; name: string; operatorId: string; status: number; failRecall: FailRecall; at: Date },
  ) {
    return db
      .insertInto('tasks')
      .columns([
        'team_id',
        'sn',
        'account_id',
        'operator_id',
        'script_id',
        'name',
        'batch',
        'remark',
        'priority',
        'task_type',
        'line_id',
        'status',
        'fail_recall',
        'import_status',
        'import_percent',
        'started_at',
        'created_at',
        'updated_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('tasks')
          .select((s) => [
            'team_id',
            s.val(t.sn).as('sn'),
            'account_id',
            s.val(t.operatorId).as('operator_id'),
            'script_id',
            s.val(t.name).as('name'),
            'batch',
            'remark',
            'priority',
            'task_type',
            'line_id',
            s.val(t.status).as('status'),
            sql`${JSON.stringify(t.failRecall)}::jsonb`.as('fail_recall'),
            s.val(2).as('import_status'),
            s.val(100).as('import_percent'),
            s.val(t.at).as('started_at'),
            s.val(t.at).as('created_at'),
            s.val(t.at).as('updated_at'),
          ])
          .where('id', '=', source),
      )
      .returning(['id', 'sn'])
      .executeTakeFirstOrThrow();
  },

  /**
   * 5.10: is any live, not terminated task in scope still importing or holding numbers to dial
   * (waiting, being dialed, or waiting for a redial)?
   */
  async hasOpenWork(db: Executor, scope: TaskScope & { ownerId?: string }): Promise<boolean> {
    let q = db
      .selectFrom('tasks as t')
      .select('t.id')
      .where('t.deleted_at', 'is', null)
      .where('t.status', '<>', 6)
      .where((eb) =>
        eb.or([
          eb('t.import_status', 'in', [0, 1]),
          eb.exists(
            eb
              .selectFrom('task_numbers as n')
              .select('n.id')
              .whereRef('n.task_id', '=', 't.id')
              .where(isFresh('n')),
          ),
          eb.exists(
            eb
              .selectFrom('task_numbers as n')
              .select('n.id')
              .whereRef('n.task_id', '=', 't.id')
              .where('n.status', 'in', [0, 1, 5])
              .where(isIndexedDue('n')),
          ),
        ]),
      );
    const me = scope.visibleTo;
    if (me !== undefined) {
      q = q.where((eb) => eb.or([eb('t.account_id', '=', me), eb('t.operator_id', '=', me)]));
    }
    if (scope.ownerId !== undefined) q = q.where('t.account_id', '=', scope.ownerId);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  },
};
