import { sql } from 'kysely';
import type { JobKind, JobPayloads } from '../jobs/job-queue.js';
import type { Executor } from './store.js';

/** Durable jobs: queued in the caller's transaction, claimed under a lease with SKIP LOCKED. */
export const jobRepository = {
  /** Enqueue inside the caller's transaction, so the job exists exactly when the fact that needs it does. */
  async enqueue<K extends JobKind>(
    db: Executor,
    teamId: string | null,
    kind: K,
    payload: JobPayloads[K],
    runAfter?: Date,
  ) {
    const row = await db
      .insertInto('jobs')
      .values({
        team_id: teamId,
        kind,
        payload: JSON.stringify(payload),
        run_after: runAfter ?? sql<Date>`now()`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  /** Claims one due job of the given kinds: queued, or running with an expired lease (its worker died). */
  async claim(db: Executor, kinds: readonly string[], leaseMs: number) {
    return db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: sql`attempts + 1`,
        lease_until: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
      })
      .where('id', '=', (eb) =>
        eb
          .selectFrom('jobs')
          .select('id')
          .where('kind', 'in', kinds)
          .where('run_after', '<=', sql<Date>`now()`)
          .where((w) =>
            w.or([
              w('status', '=', 'queued'),
              w.and([w('status', '=', 'running'), w('lease_until', '<', sql<Date>`now()`)]),
            ]),
          )
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'team_id', 'kind', 'payload', 'attempts'])
      .executeTakeFirst();
  },

  async extendLease(db: Executor, id: string, leaseMs: number): Promise<void> {
    await db
      .updateTable('jobs')
      .set({ lease_until: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  },

  async complete(db: Executor, id: string): Promise<void> {
    await db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: sql`now()`, lease_until: null })
      .where('id', '=', id)
      .execute();
  },

  /** Retry later, or give up for good. */
  async fail(db: Executor, id: string, error: string, retryAt: Date | null): Promise<void> {
    await db
      .updateTable('jobs')
      .set(
        retryAt
          ? { status: 'queued', last_error: error, run_after: retryAt, lease_until: null }
          : { status: 'failed', last_error: error, finished_at: sql`now()`, lease_until: null },
      )
      .where('id', '=', id)
      .execute();
  },

  /** Returns a running job to the queue at once (graceful stop). */
  async release(db: Executor, id: string): Promise<void> {
    await db
      .updateTable('jobs')
      .set({ status: 'queued', lease_until: null, attempts: sql`greatest(attempts - 1, 0)` })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  },
};
