import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './store.js';

/** A number claimed for one origination. */
export interface ClaimedRow {
  id: string;
  task_id: string;
  team_id: string;
  phone: string;
  columns: Record<string, string>;
  /** The attempt's sequence number (1 = first origination of this number). */
  dial_seq: number;
  /** Counted attempts before this one. */
  attempts: number;
  claim_line_id: string;
  claimed_at: Date;
}

/** Which due numbers a claim takes, in the order they are offered. */
export const ClaimCategory = {
  /** Waiting for an automatic redial whose time has come. */
  recall: 'recall',
  /** Waiting, put back with a time (line fault, frequency cap, manual redial). */
  deferred: 'deferred',
  /** Never tried: import order. */
  fresh: 'fresh',
} as const;
export type ClaimCategory = (typeof ClaimCategory)[keyof typeof ClaimCategory];

export interface ClaimWant {
  taskId: string;
  lineId: string;
  n: number;
}

const RETURNING = sql`t.id, t.task_id, t.team_id, t.phone, t.columns, t.dial_seq, t.attempts, t.claim_line_id,
  t.claimed_at`;

function dueFilter(category: ClaimCategory, now: Date): RawBuilder<unknown> {
  switch (category) {
    case 'recall':
      return sql`tn.status = 5 AND tn.next_attempt_at <= ${now} ORDER BY tn.next_attempt_at, tn.id`;
    case 'deferred':
      return sql`tn.status = 0 AND tn.next_attempt_at <= ${now} ORDER BY tn.next_attempt_at, tn.id`;
    case 'fresh':
      return sql`tn.status = 0 AND tn.next_attempt_at IS NULL ORDER BY tn.id`;
  }
}

/**
 * Claims: a number moves to status 1 (dialing) with its attempt sequence incremented, under a lease in
 * database time that its dialer renews while the call lasts. Every statement takes rows FOR UPDATE SKIP
 * LOCKED, so concurrent dialers never claim the same number, and the hang-up transaction compares-and-sets
 * on (id, dial_seq, status 1), so an attempt is finished at most once.
 */
export const dialClaimRepository = {
  /** Serialises claims of one team across dialer processes (its limits are counted inside the lock). */
  async lockTeam(db: Executor, teamId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(727040, (${teamId}::bigint % 2147483647)::int)`.execute(db);
  },

  /** Calls in progress of a team (claimed numbers not finished), by owning account and line. */
  async inProgress(db: Executor, teamId: string) {
    const { rows } = await sql<{ account_id: string; line_id: string | null; n: string }>`
      SELECT t.account_id, tn.claim_line_id AS line_id, count(*) AS n
      FROM task_numbers tn JOIN tasks t ON t.id = tn.task_id
      WHERE tn.team_id = ${teamId} AND tn.status = 1
      GROUP BY t.account_id, tn.claim_line_id`.execute(db);
    return rows.map((r) => ({ accountId: r.account_id, lineId: r.line_id, n: Number(r.n) }));
  },

  /** Claims up to `n` due numbers of each wanted task from one category. */
  async claim(
    db: Executor,
    category: ClaimCategory,
    wants: readonly ClaimWant[],
    claim: { node: string; now: Date; leaseMs: number },
  ): Promise<ClaimedRow[]> {
    const live = wants.filter((w) => w.n > 0);
    if (live.length === 0) return [];
    // The update addresses the claimed ids as an array, so it probes the primary key instead of joining.
    const { rows } = await sql<ClaimedRow>`
      WITH want AS (
        SELECT * FROM unnest(${live.map((w) => w.taskId)}::bigint[], ${live.map((w) => w.lineId)}::bigint[],
                             ${live.map((w) => w.n)}::int[]) AS w(task_id, line_id, n)),
      cand AS (
        SELECT c.id FROM want w CROSS JOIN LATERAL (
          SELECT tn.id FROM task_numbers tn
          WHERE tn.task_id = w.task_id AND ${dueFilter(category, claim.now)}
          LIMIT w.n FOR UPDATE SKIP LOCKED) c)
      UPDATE task_numbers t
      SET status = 1, dial_seq = t.dial_seq + 1, claimed_by = ${claim.node},
          claim_line_id = (SELECT w.line_id FROM want w WHERE w.task_id = t.task_id),
          claimed_at = ${claim.now}, updated_at = ${claim.now},
          lease_until = now() + make_interval(secs => ${claim.leaseMs / 1000})
      WHERE t.id = ANY(ARRAY(SELECT id FROM cand))
      RETURNING ${RETURNING}`.execute(db);
    return rows;
  },

  /** Phones of a team on its DND list now (permanent or not yet expired). */
  async dndPhones(db: Executor, teamId: string, phones: readonly string[], now: Date): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const rows = await db
      .selectFrom('dnd_entries')
      .select('phone')
      .where('team_id', '=', teamId)
      .where('phone', 'in', [...phones])
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute();
    return new Set(rows.map((r) => r.phone));
  },

  /**
   * Start times of a team's calls to these phones since `since` (for frequency caps): recorded calls, plus
   * calls in progress other than the claims in `exclude`.
   */
  async callHistory(
    db: Executor,
    teamId: string,
    phones: readonly string[],
    since: Date,
    exclude: readonly string[],
  ): Promise<Map<string, Date[]>> {
    const out = new Map<string, Date[]>();
    if (phones.length === 0) return out;
    const { rows } = await sql<{ phone: string; at: Date }>`
      SELECT phone, started_at AS at FROM call_records
      WHERE team_id = ${teamId} AND phone = ANY(${[...phones]}::text[]) AND started_at > ${since}
      UNION ALL
      SELECT phone, claimed_at AS at FROM task_numbers
      WHERE team_id = ${teamId} AND phone = ANY(${[...phones]}::text[]) AND status = 1
        AND NOT (id = ANY(${[...exclude]}::bigint[]))`.execute(db);
    for (const r of rows) out.set(r.phone, [...(out.get(r.phone) ?? []), r.at]);
    return out;
  },

  /** Undoes claims in the claiming transaction: the numbers wait again until `at` (frequency cap). */
  async defer(db: Executor, items: readonly { id: string; at: Date }[], now: Date): Promise<void> {
    if (items.length === 0) return;
    await sql`
      UPDATE task_numbers t
      SET status = CASE WHEN t.attempts = 0 THEN 0 ELSE 5 END, next_attempt_at = v.at,
          dial_seq = t.dial_seq - 1, lease_until = NULL, claimed_by = NULL, claim_line_id = NULL,
          claimed_at = NULL, updated_at = ${now}
      FROM unnest(${items.map((i) => i.id)}::bigint[], ${items.map((i) => i.at)}::timestamptz[]) AS v(id, at)
      WHERE t.id = v.id AND t.status = 1`.execute(db);
  },

  /** Undoes claims of numbers found on the DND list: they are done without a call (last_result 防打扰). */
  async stopForDnd(db: Executor, ids: readonly string[], now: Date): Promise<Map<string, number>> {
    const stopped = new Map<string, number>();
    if (ids.length === 0) return stopped;
    const { rows } = await sql<{ task_id: string }>`
      UPDATE task_numbers t
      SET status = 2, last_result = '防打扰', dial_seq = t.dial_seq - 1, lease_until = NULL, claimed_by = NULL,
          claim_line_id = NULL, claimed_at = NULL, next_attempt_at = NULL, updated_at = ${now}
      WHERE t.id = ANY(${[...ids]}::bigint[]) AND t.status = 1
      RETURNING t.task_id`.execute(db);
    for (const r of rows) stopped.set(r.task_id, (stopped.get(r.task_id) ?? 0) + 1);
    return stopped;
  },

  /**
   * Renews the leases of a dialer's calls in progress (database time). Rows locked right now (their hang-up
   * transaction is running) are skipped rather than waited for, so renewal never deadlocks with it.
   */
  async renew(db: Executor, node: string, ids: readonly string[], leaseMs: number): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await sql`
      UPDATE task_numbers SET lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE id = ANY(ARRAY(
        SELECT id FROM task_numbers WHERE id = ANY(${[...ids]}::bigint[]) AND status = 1 AND claimed_by = ${node}
        ORDER BY id FOR UPDATE SKIP LOCKED))`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  },

  /** Claims whose lease ran out (their dialer died or lost the database), oldest first, by team. */
  async expired(db: Executor, limit: number): Promise<{ id: string; team_id: string }[]> {
    const { rows } = await sql<{ id: string; team_id: string }>`
      SELECT id, team_id FROM task_numbers WHERE status = 1 AND lease_until < now()
      ORDER BY lease_until LIMIT ${limit}`.execute(db);
    return rows;
  },

  /** Locks expired claims for recovery (skipping any another dialer is recovering now). */
  async lockExpired(db: Executor, ids: readonly string[]): Promise<ClaimedRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await sql<ClaimedRow>`
      SELECT ${RETURNING} FROM task_numbers t
      WHERE t.id = ANY(${[...ids]}::bigint[]) AND t.status = 1 AND t.lease_until < now()
      FOR UPDATE SKIP LOCKED`.execute(db);
    return rows;
  },
};
