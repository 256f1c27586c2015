// The two indexes that find a task's numbers by state (migration 111): task_numbers_fresh holds the never-tried
// numbers (status 0, no next attempt), task_numbers_due every other row. The planner uses a partial index only
// when a query repeats its predicate, so queries over waiting numbers are written as fresh ∪ due with these.
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** Never-tried numbers waiting in import order (task_numbers_fresh). */
export function isFresh(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.status`)} = 0 AND ${sql.ref(`${alias}.next_attempt_at`)} IS NULL`;
}

/** Every row but the fresh ones (task_numbers_due). */
export function isIndexedDue(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.status`)} <> 0 OR ${sql.ref(`${alias}.next_attempt_at`)} IS NOT NULL)`;
}

/** Whether task `taskId` (a value or a column reference) has a number waiting to be dialed (status 0). */
export function hasWaitingNumber(taskId: RawBuilder<unknown> | string): RawBuilder<SqlBool> {
  const id = typeof taskId === 'string' ? sql`${taskId}` : taskId;
  return sql<SqlBool>`(EXISTS (SELECT 1 FROM task_numbers w WHERE w.task_id = ${id} AND ${isFresh('w')})
    OR EXISTS (SELECT 1 FROM task_numbers w WHERE w.task_id = ${id} AND w.status = 0
               AND w.next_attempt_at IS NOT NULL))`;
}
