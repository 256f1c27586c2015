import { sql } from 'kysely';
import { destinationSql, leaseHeld } from './push-event.repository.js';
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

/** Why a pending event is not being sent right now, as the claim query (claimDue) decides it. */
export type PushWaitReason = 'lease' | 'retry' | 'order' | 'due';

/**
 * `waiting_reason` and `waiting_until` of an event row `e` (NULL unless pending): held under a delivery worker's
 * lease (until it ends, even if that worker died), backing off after a failed attempt (until next_attempt_at),
 * queued behind an earlier pending event of an ordered kind with the same key, or due now.
 */
const waitingColumns = (orderedKinds: readonly string[]) => {
  const behind = sql<boolean>`(push_events.order_key <> '' AND push_events.kind = ANY(${orderedKinds}::text[])
    AND EXISTS (SELECT 1 FROM push_events p WHERE p.team_id = push_events.team_id
      AND p.order_key = push_events.order_key AND p.status = 'pending' AND p.id < push_events.id
      AND p.kind = ANY(${orderedKinds}::text[])))`;
  const held = sql<boolean>`COALESCE(${leaseHeld(sql`push_events.lease_until`, sql`push_events.lease_epoch`)}, false)`;
  return [
    sql<PushWaitReason | null>`CASE WHEN push_events.status <> 'pending' THEN NULL
      WHEN ${held} THEN 'lease'
      WHEN push_events.next_attempt_at > now() THEN 'retry'
      WHEN ${behind} THEN 'order' ELSE 'due' END`.as('waiting_reason'),
    sql<Date | null>`CASE WHEN push_events.status <> 'pending' THEN NULL
      WHEN ${held} THEN GREATEST(push_events.lease_until, push_events.next_attempt_at)
      ELSE GREATEST(push_events.next_attempt_at, now()) END`.as('waiting_until'),
  ];
};

/**
 * The push outbox as a tenant sees it (run inside `store.tenant`, so row-level security limits it to the team):
 * the push log, the pull API, the dead-letter list and manual resends.
 */
export const pushHistoryRepository = {
  findByEventId(db: Executor, eventId: string, orderedKinds: readonly string[]) {
    return db
      .selectFrom('push_events')
      .select([...SUMMARY, 'payload', ...waitingColumns(orderedKinds)])
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  },

  /** Events with id > cursor, in id order (the reconciliation feed). */
  listSince(db: Executor, cursor: string, limit: number, orderedKinds: readonly string[], kind?: string) {
    let q = db
      .selectFrom('push_events')
      .select([...SUMMARY, 'payload', ...waitingColumns(orderedKinds)])
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
   * live worker holds right now are left alone. Returns the number queued.
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
      .where(
        sql<boolean>`NOT COALESCE(${leaseHeld(sql`push_events.lease_until`, sql`push_events.lease_epoch`)}, false)`,
      )
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
