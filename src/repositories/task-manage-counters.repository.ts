// A task's counters recomputed exactly from its numbers. The dialer, imports and management keep them
// incrementally; this is the reference they must agree with (after bulk operations, and in tests).
import { sql } from 'kysely';
import type { Executor } from './store.js';

/**
 * The counter definitions (compat-notes "Task counters"), over the task's numbers except those held back by
 * number detection (status 4):
 * - `total_count`: numbers in the task;
 * - `send_count`: numbers dialed at least once (attempts > 0);
 * - `success`: done numbers whose last call was answered;
 * - `fail`: done numbers dialed at least once whose last call was not answered (final: no redial pending);
 * - `stops`: cancelled numbers (停播).
 */
export interface TaskCounters {
  total_count: number;
  send_count: number;
  success: number;
  fail: number;
  stops: number;
}

export const taskCountersRepository = {
  /** Counts the task's numbers. */
  async compute(db: Executor, taskId: string): Promise<TaskCounters> {
    const r = await db
      .selectFrom('task_numbers')
      .select([
        sql<string>`count(*) FILTER (WHERE status <> 4)`.as('total_count'),
        sql<string>`count(*) FILTER (WHERE status <> 4 AND attempts > 0)`.as('send_count'),
        sql<string>`count(*) FILTER (WHERE status = 2 AND last_result = 'answered')`.as('success'),
        sql<string>`count(*) FILTER (WHERE status = 2 AND attempts > 0 AND last_result IS DISTINCT FROM 'answered')`.as(
          'fail',
        ),
        sql<string>`count(*) FILTER (WHERE status = 3)`.as('stops'),
      ])
      .where('task_id', '=', taskId)
      .executeTakeFirstOrThrow();
    return {
      total_count: Number(r.total_count),
      send_count: Number(r.send_count),
      success: Number(r.success),
      fail: Number(r.fail),
      stops: Number(r.stops),
    };
  },

  /** Overwrites the stored counters with the computed ones and returns them. */
  async refresh(db: Executor, taskId: string): Promise<TaskCounters> {
    const c = await taskCountersRepository.compute(db, taskId);
    await db.updateTable('tasks').set(c).where('id', '=', taskId).execute();
    return c;
  },

  /** The stored (incrementally kept) counters. */
  stored(db: Executor, taskId: string): Promise<TaskCounters | undefined> {
    return db
      .selectFrom('tasks')
      .select(['total_count', 'send_count', 'success', 'fail', 'stops'])
      .where('id', '=', taskId)
      .executeTakeFirst();
  },
};
