// Task numbers (task details) as the management endpoints change them: detail lists, cancellation (停播),
// requeueing failed numbers and copying them into a new task. Status codes are those of migration 003 /
// services/task/task-status.ts; a cancel or requeue is one conditional UPDATE, so a number the dialer has
// claimed meanwhile (status 1) is simply not matched.
import { sql } from 'kysely';
import { cachedStatement, type Placeholders } from '../db/statement-cache.js';
import { escapeLike } from './account.repository.js';
import type { TaskScope } from './task-manage.repository.js';
import type { Executor, StatementReader } from './store.js';

const WAITING = 0;
const DONE = 2;
const CANCELLED = 3;
const RECALL_WAITING = 5;
/** Numbers the dialer may still pick up: waiting, dialing, waiting for a redial. */
const OPEN = [WAITING, 1, RECALL_WAITING];
/** Numbers a cancel may still stop before they are dialed. */
const CANCELLABLE = [WAITING, RECALL_WAITING];

const NUMBER_COLUMNS = [
  'n.id',
  'n.task_id',
  'n.phone',
  'n.row_no',
  'n.columns',
  'n.detection',
  'n.status',
  'n.attempts',
  'n.next_attempt_at',
  'n.last_result',
  'n.created_at',
  'n.updated_at',
] as const;

interface NumberFilter {
  taskId: string;
  phone: string;
  status: number;
}
type NumberShape = { phone: boolean; status: boolean };

/** A task's numbers, by phone and status when the shape says so. */
function numbersOf(db: Executor, v: Placeholders<NumberFilter>, shape: NumberShape) {
  let q = db.selectFrom('task_numbers as n').where('n.task_id', '=', v.taskId);
  if (shape.phone) q = q.where('n.phone', '=', v.phone);
  if (shape.status) q = q.where('n.status', '=', v.status);
  return q;
}

const numberCount = cachedStatement((db, v: Placeholders<NumberFilter>, shape: NumberShape) =>
  numbersOf(db, v, shape).select((eb) => eb.fn.countAll<string>().as('n')),
);

const numberPage = cachedStatement(
  (db, v: Placeholders<NumberFilter & { offset: number; limit: number }>, shape: NumberShape) =>
    numbersOf(db, v, shape).select(NUMBER_COLUMNS).orderBy('n.id').offset(v.offset).limit(v.limit),
);

export const taskNumberManageRepository = {
  /** 5.4: a task's numbers in import order. */
  async listForTask(
    read: StatementReader,
    taskId: string,
    f: { phone?: string; status?: number; offset: number; limit: number },
  ) {
    // Polled by integrations: both statements are compiled once per shape (which filters apply), and each is a
    // one-statement read.
    const shape = { phone: Boolean(f.phone), status: f.status !== undefined };
    const values = { taskId, phone: f.phone ?? '', status: f.status ?? 0, offset: f.offset, limit: f.limit };
    const [total] = await read((db) => numberCount(db, shape, values));
    const rows = await read((db) => numberPage(db, shape, values));
    return { total: Number(total!.n), rows };
  },

  /** Whether the task still has numbers the dialer may pick up. */
  async hasOpenNumbers(db: Executor, taskId: string): Promise<boolean> {
    const row = await db
      .selectFrom('task_numbers')
      .select('id')
      .where('task_id', '=', taskId)
      .where('status', 'in', OPEN)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Cancels the given numbers of one task that are not yet dialed; returns the ids cancelled. */
  async cancelByIds(db: Executor, taskId: string, ids: string[], at: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .updateTable('task_numbers')
      .set({ status: CANCELLED, next_attempt_at: null, updated_at: at })
      .where('task_id', '=', taskId)
      .where('id', 'in', ids)
      .where('status', 'in', CANCELLABLE)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  /**
   * Cancels the numbers of one task whose phone (or custom column `column`) is among `values`; returns the
   * matched value of each cancelled number.
   */
  async cancelByValues(
    db: Executor,
    taskId: string,
    values: string[],
    column: string | undefined,
    at: Date,
  ): Promise<string[]> {
    if (values.length === 0) return [];
    const field = column === undefined ? sql<string>`phone` : sql<string>`columns ->> ${column}`;
    const rows = await db
      .updateTable('task_numbers')
      .set({ status: CANCELLED, next_attempt_at: null, updated_at: at })
      .where('task_id', '=', taskId)
      .where(field, 'in', values)
      .where('status', 'in', CANCELLABLE)
      .returning(field.as('value'))
      .execute();
    return rows.map((r) => r.value);
  },

  /** 5.6: cancelled numbers of visible live tasks, most recently cancelled first. */
  async listCancelled(
    db: Executor,
    f: TaskScope & { taskSn?: string; phone?: string; id?: string; offset: number; limit: number },
  ) {
    let q = db
      .selectFrom('task_numbers as n')
      .innerJoin('tasks as t', 't.id', 'n.task_id')
      .where('t.deleted_at', 'is', null)
      .where('n.status', '=', CANCELLED);
    const me = f.visibleTo;
    if (me !== undefined) {
      q = q.where((eb) => eb.or([eb('t.account_id', '=', me), eb('t.operator_id', '=', me)]));
    }
    if (f.taskSn) q = q.where('t.sn', '=', f.taskSn);
    if (f.phone) q = q.where('n.phone', 'like', `%${escapeLike(f.phone)}%`);
    if (f.id) q = q.where('n.id', '=', f.id);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .innerJoin('accounts as owner', 'owner.id', 't.account_id')
      .select([...NUMBER_COLUMNS, 't.sn as task_sn', 't.name as task_name', 'owner.user_name'])
      .orderBy('n.updated_at', 'desc')
      .orderBy('n.id', 'desc')
      .offset(f.offset)
      .limit(f.limit)
      .execute();
    return { total: Number(total.n), rows };
  },

  /** Puts a task's finally failed numbers with one of `reasons` back in the queue, due now. */
  async requeueFailed(db: Executor, taskId: string, reasons: readonly string[], at: Date): Promise<number> {
    if (reasons.length === 0) return 0;
    const r = await db
      .updateTable('task_numbers')
      .set({ status: WAITING, next_attempt_at: null, lease_until: null, claimed_by: null, updated_at: at })
      .where('task_id', '=', taskId)
      .where('status', '=', DONE)
      .where('last_result', 'in', [...reasons])
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Copies a task's finally failed numbers with one of `reasons` into another task as fresh numbers. */
  async copyFailed(
    db: Executor,
    fromTaskId: string,
    toTaskId: string,
    reasons: readonly string[],
    at: Date,
  ): Promise<number> {
    if (reasons.length === 0) return 0;
    const r = await db
      .insertInto('task_numbers')
      .columns(['team_id', 'task_id', 'phone', 'row_no', 'columns', 'detection', 'created_at', 'updated_at'])
      .expression((eb) =>
        eb
          .selectFrom('task_numbers')
          .select((s) => [
            'team_id',
            s.val(toTaskId).as('task_id'),
            'phone',
            'row_no',
            'columns',
            'detection',
            s.val(at).as('created_at'),
            s.val(at).as('updated_at'),
          ])
          .where('task_id', '=', fromTaskId)
          .where('status', '=', DONE)
          .where('last_result', 'in', [...reasons])
          .orderBy('id'),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n);
  },
};
