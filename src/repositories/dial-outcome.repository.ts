import { sql } from 'kysely';
import type { Executor } from './store.js';

/** The new state of one number after an attempt, applied only if the attempt is still the current claim. */
export interface NumberUpdate {
  id: string;
  dialSeq: number;
  status: number;
  attemptsInc: number;
  nextAttemptAt: Date | null;
  lastResult: string;
}

/** A call record row as the hang-up transaction writes it. */
export interface NewCallRecord {
  sn: string;
  task_id: string;
  task_number_id: string;
  dial_seq: number;
  account_id: string;
  script_id: string;
  line_id: string;
  phone: string;
  name: string;
  columns: Record<string, string>;
  result: string;
  result_code: number;
  hangup_by: string | null;
  started_at: Date;
  connected_at: Date | null;
  disconnected_at: Date | null;
  talktimes: number;
  grade: string;
  grade_reason: string;
  turn_count: number;
  asks_count: number;
  score: number;
  turns: unknown[];
  labels: string[];
  hangup_node: string;
  is_transfer: number;
  details: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface CounterUpdate {
  taskId: string;
  send: number;
  success: number;
  fail: number;
  stops: number;
}

/** The writes of the hang-up transaction: numbers, call records, task counters, DND. */
export const dialOutcomeRepository = {
  /**
   * Compare-and-set: each number changes only while it is still claimed by this very attempt (status 1,
   * same dial_seq). Returns the ids that changed; an attempt already finished (or recovered) is left alone.
   */
  async applyNumberUpdates(db: Executor, updates: readonly NumberUpdate[], now: Date): Promise<Set<string>> {
    if (updates.length === 0) return new Set();
    const { rows } = await sql<{ id: string }>`
      UPDATE task_numbers t
      SET status = v.status, attempts = t.attempts + v.inc, next_attempt_at = v.next_at,
          last_result = v.last_result, lease_until = NULL, claimed_by = NULL, updated_at = ${now}
      FROM unnest(${updates.map((u) => u.id)}::bigint[], ${updates.map((u) => u.dialSeq)}::int[],
                  ${updates.map((u) => u.status)}::smallint[], ${updates.map((u) => u.attemptsInc)}::int[],
                  ${updates.map((u) => u.nextAttemptAt)}::timestamptz[],
                  ${updates.map((u) => u.lastResult)}::text[]) AS v(id, seq, status, inc, next_at, last_result)
      WHERE t.id = v.id AND t.dial_seq = v.seq AND t.status = 1
      RETURNING t.id`.execute(db);
    return new Set(rows.map((r) => r.id));
  },

  /** Inserts records; an attempt already recorded is skipped. Returns what was inserted. */
  async insertRecords(db: Executor, records: readonly NewCallRecord[]) {
    if (records.length === 0) return [];
    return db
      .insertInto('call_records')
      .values(
        records.map((r) => ({
          ...r,
          columns: JSON.stringify(r.columns),
          turns: JSON.stringify(r.turns),
          labels: JSON.stringify(r.labels),
          details: JSON.stringify(r.details),
        })),
      )
      .onConflict((oc) => oc.columns(['task_number_id', 'dial_seq']).doNothing())
      .returning(['id', 'sn', 'task_number_id', 'dial_seq', 'area_code'])
      .execute();
  },

  /**
   * A real outcome arriving after the attempt was recovered as "unknown": the record is corrected so the
   * call's facts are not lost (the number's state and the counters stay as recovery set them).
   */
  async correctUnknownRecord(db: Executor, record: NewCallRecord): Promise<boolean> {
    const { sn: _sn, created_at: _c, ...facts } = record;
    const r = await db
      .updateTable('call_records')
      .set({
        ...facts,
        columns: JSON.stringify(facts.columns),
        turns: JSON.stringify(facts.turns),
        labels: JSON.stringify(facts.labels),
        details: JSON.stringify({ ...facts.details, correctedAfterRecovery: true }),
      })
      .where('task_number_id', '=', record.task_number_id)
      .where('dial_seq', '=', record.dial_seq)
      .where(sql<boolean>`details->>'outcome' = 'unknown'`)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async addTaskCounters(db: Executor, updates: readonly CounterUpdate[], now: Date): Promise<void> {
    const live = updates.filter((u) => u.send || u.success || u.fail || u.stops);
    if (live.length === 0) return;
    // Task rows are locked in id order first: concurrent hang-up transactions (several dialers) never deadlock.
    await sql`SELECT 1 FROM tasks WHERE id = ANY(${live.map((u) => u.taskId)}::bigint[]) ORDER BY id FOR NO KEY UPDATE`.execute(
      db,
    );
    await sql`
      UPDATE tasks t
      SET send_count = t.send_count + v.s, success = t.success + v.ok, fail = t.fail + v.f,
          stops = t.stops + v.st, updated_at = ${now}
      FROM unnest(${live.map((u) => u.taskId)}::bigint[], ${live.map((u) => u.send)}::int[],
                  ${live.map((u) => u.success)}::int[], ${live.map((u) => u.fail)}::int[],
                  ${live.map((u) => u.stops)}::int[]) AS v(id, s, ok, f, st)
      WHERE t.id = v.id`.execute(db);
  },

  /** Adds phones to the current tenant's DND list for good (the callee asked not to be called again). */
  async addDnd(
    db: Executor,
    entries: readonly { phone: string; name: string; remark: string }[],
    source: string,
  ): Promise<void> {
    if (entries.length === 0) return;
    await db
      .insertInto('dnd_entries')
      .values(entries.map((e) => ({ phone: e.phone, name: e.name || null, remark: e.remark, source })))
      .onConflict((oc) => oc.columns(['team_id', 'phone']).doUpdateSet({ expires_at: null, term_value: 0 }))
      .execute();
  },
};

/** What a call record and its 6.6.1 push say about the task, its owner, team and script. */
export interface RecordContextRow {
  task_id: string;
  task_sn: string;
  task_name: string;
  fail_recall: unknown;
  account_id: string;
  script_id: string;
  account_sn: string;
  user_name: string;
  parent_user_name: string | null;
  operator_name: string | null;
  team_sn: string;
  team_name: string;
  timezone: string;
  script_sn: string | null;
  script_caption: string | null;
}

/** Reads the record context of tasks (inside the hang-up transaction, so it is current). */
export async function loadRecordContext(db: Executor, taskIds: readonly string[]) {
  const out = new Map<string, RecordContextRow>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom('tasks as t')
    .innerJoin('teams as tm', 'tm.id', 't.team_id')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .leftJoin('accounts as pa', 'pa.id', 'a.parent_id')
    .leftJoin('accounts as op', 'op.id', 't.operator_id')
    .leftJoin('scripts as s', 's.id', 't.script_id')
    .select([
      't.id as task_id',
      't.sn as task_sn',
      't.name as task_name',
      't.fail_recall',
      't.account_id',
      't.script_id',
      'a.sn as account_sn',
      'a.user_name',
      'pa.user_name as parent_user_name',
      'op.user_name as operator_name',
      'tm.sn as team_sn',
      'tm.name as team_name',
      'tm.timezone',
      's.sn as script_sn',
      's.caption as script_caption',
    ])
    .where('t.id', 'in', [...taskIds])
    .execute();
  for (const r of rows) out.set(r.task_id, r);
  return out;
}

/** Push events copied from one already enqueued (same kind, same resolved destination). */
export async function insertPushesLike(
  db: Executor,
  firstEventId: string,
  events: readonly { orderKey: string; payload: Record<string, unknown> }[],
): Promise<void> {
  if (events.length === 0) return;
  await sql`
    INSERT INTO push_events (team_id, kind, order_key, target_url, payload, status)
    SELECT f.team_id, f.kind, v.order_key, f.target_url, v.payload, f.status
    FROM push_events f,
         unnest(${events.map((e) => e.orderKey)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::jsonb[])
           WITH ORDINALITY AS v(order_key, payload, ord)
    WHERE f.event_id = ${firstEventId}
    ORDER BY v.ord`.execute(db);
}
