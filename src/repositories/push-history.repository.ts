import { sql } from 'kysely';
import { destinationSql } from './push-event.repository.js';
import type { Executor } from './store.js';

export type PushEventStatus = 'pending' | 'delivered' | 'dead' | 'skipped';

export interface PushEventFilter {
  kind?: string;
  /** created_at ≥ from */
  from?: Date;
  /** created_at < to */
  to?: Date;
  statuses?: readonly PushEventStatus[];
  eventIds?: readonly string[];
}

const SUMMARY = [
  'id',
  'event_id',
  'kind',
  'order_key',
  'target_url',
  'status',
  'attempts',
  'next_attempt_at',
  'last_status',
  'last_error',
  'created_at',
  'delivered_at',
] as const;

/**
 * The push outbox as a tenant sees it (run inside `store.tenant`, so row-level security limits it to the team):
 * the push log, the pull API, the dead-letter list and manual resends.
 */
export const pushHistoryRepository = {
  findByEventId(db: Executor, eventId: string) {
    return db
      .selectFrom('push_events')
      .select([...SUMMARY, 'payload'])
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  },

  /** Events with id > cursor, in id order (the reconciliation feed). */
  listSince(db: Executor, cursor: string, limit: number, kind?: string) {
    let q = db
      .selectFrom('push_events')
      .select([...SUMMARY, 'payload'])
      .where('id', '>', cursor);
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('id').limit(limit).execute();
  },

  async listDead(db: Executor, f: PushEventFilter, offset: number, limit: number) {
    let q = db.selectFrom('push_events').where('status', '=', 'dead');
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<', f.to);
    const [total, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      q.select(SUMMARY).orderBy('id', 'desc').offset(offset).limit(limit).execute(),
    ]);
    return { total: Number(total.n), rows };
  },

  /**
   * Queues matching events for a new delivery cycle now: the destination is re-resolved from the current
   * settings (falling back to the event's own), the retry schedule starts over, the event id stays. Events a
   * worker holds right now are left alone. Returns the number queued.
   */
  async resend(db: Executor, f: PushEventFilter): Promise<number> {
    const current = destinationSql(sql<string>`push_events.kind`);
    const target = sql<string | null>`COALESCE(
      (SELECT ${current} FROM teams t WHERE t.id = push_events.team_id), push_events.target_url)`;
    let q = db
      .updateTable('push_events')
      .set({
        status: 'pending',
        target_url: target,
        next_attempt_at: sql<Date>`now()`,
        cycle_base_attempts: sql<number>`attempts`,
        cycle_started_at: null,
      })
      .where('lease_token', 'is', null)
      .where(target, 'is not', null)
      .where('kind', '<>', 'test');
    if (f.statuses && f.statuses.length > 0) q = q.where('status', 'in', f.statuses);
    if (f.eventIds && f.eventIds.length > 0) q = q.where('event_id', 'in', f.eventIds);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<', f.to);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
};
