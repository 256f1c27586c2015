// The set-based heart of an import: a chunk's rows — number and what is already known about each, no columns — are
// COPYed into a session-local staging table, each stage marks the rows it disposes of with one UPDATE … joined
// against the team's data, and then the chunk is written once, by COPY straight into task_numbers (the rows to
// dial or hold back, in file order) and import_rejects (the others). COPY inserts a page of rows at a time, where
// INSERT … SELECT from the staging table inserted and logged them one by one, and each row's columns document
// crosses to the database once. Everything a chunk writes — numbers, rejected rows, counters, the checkpoint —
// commits in one transaction, so a resumed import skips exactly the committed chunks. An import run decides on
// one session and writes on another, the next chunk decided while this one is written (chunk-pipeline.ts).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sendTogether } from '../db/send-together.js';
import {
  chunkCopyLines,
  chunkCopyOutput,
  type CheckpointRow,
  type ChunkDecision,
  type ChunkRows,
  type ChunkScope,
  type DispositionCount,
  type FrequencyCaps,
  type ImportCheckpoint,
  type TaskState,
} from './import-chunk-lines.js';

export type { ChunkDecision, ChunkRows, ChunkScope, DispositionCount } from './import-chunk-lines.js';

// Lookups into the team's tables are written as correlated scalar subqueries (`(SELECT true … LIMIT 1)`): they run
// as one index probe per staged row, so a chunk costs the same whether the task holds a thousand numbers or ten
// million (a join would let the planner pick a scan of the big side once its statistics lag behind bulk loads).
// ON COMMIT DELETE ROWS: the table lives as long as the connection, its rows as long as one chunk's transaction.
// Temporary tables are not WAL-logged, so staging costs little more than the COPY itself. It has no index: every
// statement scans it once and probes the team's tables (repeats within a chunk are found before staging).
const STAGE_DDL = `CREATE TEMP TABLE IF NOT EXISTS import_stage (
  row_no integer NOT NULL,
  phone text,
  reason text,
  disposition text,
  detection text,
  held boolean NOT NULL DEFAULT false
) ON COMMIT DELETE ROWS`;

/** Advisory-lock namespace: imports into one task run one at a time (their dedupe sees committed rows). */
const TASK_LOCK_NS = 727_101;

/**
 * One database connection dedicated to an import run. Every method but `open`/`release` works inside the chunk
 * transaction opened by `begin`.
 */
export class ImportChunkSession {
  /** The chunk transaction holds its task, team and import rows locked: their keys need no per-row check. */
  private keysLocked = false;
  private analysed = false;
  /** Where each chunk's COPY text is written (by the session that writes chunks, one chunk at a time). */
  private readonly copyOutput = chunkCopyOutput();

  private constructor(
    private readonly client: pg.PoolClient,
    /** May switch foreign-key triggers off (superuser, or granted SET on session_replication_role). */
    private readonly canSkipKeyChecks: boolean,
  ) {}

  static async open(pool: pg.Pool): Promise<ImportChunkSession> {
    const client = await pool.connect();
    try {
      // Room for a chunk's staging rows in memory; only settable before the session first touches a temp table.
      await client.query(`SET temp_buffers = '64MB'`).catch(() => undefined);
      await client.query(STAGE_DDL);
      const may = await client
        .query<{ may: boolean }>(`SELECT has_parameter_privilege('session_replication_role', 'SET') AS may`)
        .then((r) => r.rows[0]?.may === true)
        .catch(() => false); // before PostgreSQL 15: keep the checks
      return new ImportChunkSession(client, may);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
  }

  /** Returns the connection; a broken one (after an error mid-transaction) is discarded. */
  release(broken = false): void {
    this.client.release(broken);
  }

  /**
   * Opens the chunk transaction (the run holds the task's import lock: `lockTaskForRun`), in one round trip:
   * locks the import row and reads its checkpoint, and locks the task and its team row as each stored row's
   * foreign key would (FOR KEY SHARE), once for the chunk. Its commit need not wait for the WAL flush
   * (synchronous_commit off): a chunk lost to a database crash loses its checkpoint with it, so the resumed run
   * redoes exactly that chunk; the import's end (status, import_mark, 5.7.15 push) commits synchronously, which
   * flushes every chunk before it.
   * work_mem: the chunk's rows are sorted into file order in memory, not on disk.
   */
  async begin(scope: ChunkScope): Promise<{ checkpoint?: ImportCheckpoint; task?: TaskState }> {
    const [, imp, task] = (await sendTogether(this.client, [
      () => this.client.query(`BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '64MB'`),
      () =>
        this.client.query('SELECT status, rows_done, counts FROM imports WHERE id = $1 FOR UPDATE', [
          scope.importId,
        ]),
      () =>
        this.client.query(
          `SELECT t.status, t.deleted_at IS NOT NULL AS deleted FROM tasks t JOIN teams m ON m.id = t.team_id
           WHERE t.id = $1 AND t.team_id = $2 FOR KEY SHARE`,
          [scope.taskId, scope.teamId],
        ),
    ])) as [unknown, pg.QueryResult<CheckpointRow>, pg.QueryResult<TaskState>];
    const row = imp.rows[0];
    this.keysLocked = row !== undefined && task.rows[0] !== undefined;
    return {
      checkpoint: row && { status: row.status, rowsDone: row.rows_done, counts: row.counts },
      task: task.rows[0],
    };
  }

  /**
   * Takes the task's import lock for a whole run (session level; a dying connection releases it): no other import
   * writes to the task meanwhile, so decisions need only committed rows and this run's chunk in flight.
   */
  async lockTaskForRun(taskId: string): Promise<void> {
    await this.#taskLock('pg_advisory_lock', taskId);
  }

  async unlockTaskForRun(taskId: string): Promise<void> {
    await this.#taskLock('pg_advisory_unlock', taskId);
  }

  async #taskLock(fn: 'pg_advisory_lock' | 'pg_advisory_unlock', taskId: string): Promise<void> {
    await this.client.query(`SELECT ${fn}($1, ($2::bigint % 2147483647)::int)`, [TASK_LOCK_NS, taskId]);
  }

  /** A transaction that only decides (stage, stages, `decisions`): it keeps nothing, so its commit never waits. */
  async beginDecide(): Promise<void> {
    await this.client.query(`BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '64MB'`);
  }

  /**
   * Numbers of the chunk another connection is writing right now, not yet visible here: a repeat of one it
   * stores is in the task already, of one it rejects was seen in this import (what the dedupe stage would say
   * once that chunk is committed). Runs before the stages.
   */
  async markInFlight(
    inFlight: { readonly stored: Buffer; readonly rejected: Buffer },
    reasons: { readonly stored: string; readonly rejected: string },
  ): Promise<void> {
    if (inFlight.stored.length + inFlight.rejected.length === 0) return;
    // Normalized numbers are digits: one comma-joined text each crosses cheaper than a text[] of 20,000 elements.
    // They are bytes already (chunkOutcomeByPhone), sent as the text parameters' binary form, which is the text.
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'repeat', reason = CASE WHEN f.stored THEN $3 ELSE $4 END
       FROM (SELECT unnest(string_to_array($1, ',')) AS phone, true AS stored
             UNION ALL SELECT unnest(string_to_array($2, ',')), false) f
       WHERE s.phone = f.phone AND s.disposition IS NULL`,
      [inFlight.stored, inFlight.rejected, reasons.stored, reasons.rejected],
    );
  }

  async commit(): Promise<void> {
    this.keysLocked = false;
    await this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    this.keysLocked = false;
    // The statistics ANALYZE wrote in this transaction are gone with it: the next chunk takes them again.
    this.analysed = false;
    await this.client.query('ROLLBACK');
  }

  /** COPYs the chunk's staging lines, UTF-8 (see services/import/chunk-builder.ts for the format). */
  async stage(lines: Uint8Array): Promise<void> {
    await this.#copy('COPY import_stage (row_no, phone, reason, disposition) FROM STDIN', [lines]);
    // Statistics for the joins on phone (frequency caps, detection answers), taken on the run's first chunk: the
    // chunks of a run are alike (same size but the last, distinct phones), and the planner scales the row
    // estimates to the table's size when it plans, so analysing each chunk again only cost PostgreSQL time.
    if (!this.analysed) {
      await this.client.query('ANALYZE import_stage');
      this.analysed = true;
    }
  }

  /** Numbers an earlier chunk of this import already disposed of without storing them (DND, filters …). */
  async markSeenInImport(importId: string, reason: string): Promise<void> {
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'repeat', reason = $2
       WHERE s.disposition IS NULL
         AND (SELECT true FROM import_rejects r WHERE r.import_id = $1 AND r.phone = s.phone LIMIT 1)`,
      [importId, reason],
    );
  }

  /**
   * Numbers the task already has (from this import's earlier chunks or earlier imports). The team leads the
   * probe: task_numbers' phone index is (team_id, phone, task_id).
   */
  async markInTask(scope: ChunkScope, reason: string): Promise<void> {
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'repeat', reason = $3
       WHERE s.disposition IS NULL
         AND (SELECT true FROM task_numbers n
              WHERE n.team_id = $1 AND n.phone = s.phone AND n.task_id = $2 LIMIT 1)`,
      [scope.teamId, scope.taskId, reason],
    );
  }

  /** Numbers in another task of the team created since `since`. */
  async markInOtherTasks(scope: ChunkScope, since: Date, reason: string): Promise<void> {
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'repeat', reason = $4
       WHERE s.disposition IS NULL
         AND (SELECT true FROM task_numbers n
              WHERE n.team_id = $1 AND n.phone = s.phone AND n.task_id <> $2 AND n.created_at >= $3 LIMIT 1)`,
      [scope.teamId, scope.taskId, since, reason],
    );
  }

  /** Numbers on the team's DND list and in force at `asOf` (expires_at NULL = permanent). */
  async markDnd(teamId: string, asOf: Date, reason: string): Promise<void> {
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'blacklist', reason = $3
       WHERE s.disposition IS NULL
         AND (SELECT true FROM dnd_entries d
              WHERE d.team_id = $1 AND d.phone = s.phone AND (d.expires_at IS NULL OR d.expires_at > $2))`,
      [teamId, asOf, reason],
    );
  }

  /** Numbers the team called in [since, asOf]. */
  async markCalledSince(teamId: string, since: Date, asOf: Date, reason: string): Promise<void> {
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'filter', reason = $4
       WHERE s.disposition IS NULL
         AND (SELECT true FROM call_records c
              WHERE c.team_id = $1 AND c.phone = s.phone AND c.started_at >= $2 AND c.started_at <= $3 LIMIT 1)`,
      [teamId, since, asOf, reason],
    );
  }

  /** Numbers whose last call up to `asOf` ended with one of `results` or was graded one of `grades`. */
  async markLastRefused(
    teamId: string,
    asOf: Date,
    refusal: { results: readonly string[]; grades: readonly string[] },
    reason: string,
  ): Promise<void> {
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'filter', reason = $5
       WHERE s.disposition IS NULL
         AND (SELECT l.result = ANY($3::text[]) OR l.grade = ANY($4::text[])
              FROM (SELECT c.result, c.grade FROM call_records c
                    WHERE c.team_id = $1 AND c.phone = s.phone AND c.started_at <= $2
                    ORDER BY c.started_at DESC LIMIT 1) l)`,
      [teamId, asOf, refusal.results, refusal.grades, reason],
    );
  }

  /** Numbers no stage has disposed of yet (distinct: duplicates are gone by now). */
  async pendingPhones(): Promise<string[]> {
    const r = await this.client.query<{ phone: string }>(
      'SELECT phone FROM import_stage WHERE disposition IS NULL',
    );
    return r.rows.map((x) => x.phone);
  }

  /**
   * Pending numbers the platform knows something about: called before `asOf`, or put on the DND list by the
   * platform itself (not by an operator). Only these can get an answer other than 库无 from call history.
   */
  async pendingPhonesWithHistory(teamId: string, asOf: Date, manualDndSource: string): Promise<string[]> {
    const r = await this.client.query<{ phone: string }>(
      `SELECT s.phone FROM import_stage s
       WHERE s.disposition IS NULL
         AND ((SELECT true FROM call_records c
               WHERE c.team_id = $1 AND c.phone = s.phone AND c.started_at <= $2 LIMIT 1)
              OR (SELECT true FROM dnd_entries d WHERE d.team_id = $1 AND d.phone = s.phone AND d.source <> $3))`,
      [teamId, asOf, manualDndSource],
    );
    return r.rows.map((x) => x.phone);
  }

  /** Records detection answers; a pending row without one is 库无 (kuwu), so only other answers are written. */
  async setDetection(phones: readonly string[], classes: readonly string[]): Promise<void> {
    if (phones.length === 0) return;
    await this.client.query(
      `UPDATE import_stage s SET detection = d.cls
       FROM unnest($1::text[], $2::text[]) AS d(phone, cls)
       WHERE s.phone = d.phone AND s.disposition IS NULL`,
      [phones, classes],
    );
  }

  /** Pending rows of classes that are not dialed become final: stored held back (status 4). */
  async holdBack(classes: readonly string[]): Promise<void> {
    if (classes.length === 0) return;
    await this.client.query(
      `UPDATE import_stage SET held = true, disposition = coalesce(detection, 'kuwu')
       WHERE disposition IS NULL AND coalesce(detection, 'kuwu') = ANY($1::text[])`,
      [classes],
    );
  }

  /** Dialable numbers the team already called as often as a cap allows (rolling windows ending at `asOf`). */
  async markOverCaps(teamId: string, asOf: Date, caps: FrequencyCaps, reasons: Record<string, string>) {
    const off = (n: number) => (n > 0 ? n : 2147483647);
    await this.client.query(
      `UPDATE import_stage s SET disposition = 'chaopin', reason = o.reason
       FROM (SELECT st.phone,
                    CASE WHEN count(*) FILTER (WHERE c.started_at > $2::timestamptz - interval '1 day') >= $3 THEN $6
                         WHEN count(*) FILTER (WHERE c.started_at > $2::timestamptz - interval '7 days') >= $4 THEN $7
                         WHEN count(*) >= $5 THEN $8 END AS reason
             FROM import_stage st
             JOIN call_records c ON c.team_id = $1 AND c.phone = st.phone
                  AND c.started_at > $2::timestamptz - interval '30 days' AND c.started_at <= $2
             WHERE st.disposition IS NULL
             GROUP BY st.phone) o
       WHERE s.phone = o.phone AND s.disposition IS NULL AND o.reason IS NOT NULL`,
      [
        teamId,
        asOf,
        off(caps.perDay),
        off(caps.per7Days),
        off(caps.per30Days),
        reasons.day,
        reasons.week,
        reasons.month,
      ],
    );
  }

  /** What the stages decided about the chunk's rows (a row left out is dialable 库无). */
  async decisions(): Promise<ChunkDecision[]> {
    const decided = await this.client.query<ChunkDecision>(
      `SELECT row_no, disposition, reason, detection, held FROM import_stage
       WHERE disposition IS NOT NULL OR detection IS NOT NULL`,
    );
    return decided.rows;
  }

  /**
   * Writes the chunk: its numbers in file order — the rows still pending (dialable) and the held-back ones — into
   * task_numbers, its rejected rows into import_rejects. Returns the rows per outcome; a row still pending is
   * dialable and counts as its detection class (库无 when none).
   */
  async write(
    scope: ChunkScope,
    rows: ChunkRows,
    decided: readonly ChunkDecision[],
  ): Promise<DispositionCount[]> {
    const { numbers, rejects, counts } = chunkCopyLines(scope, rows, decided, this.copyOutput);
    // The rows' keys are the chunk's task, team and import, locked by `begin`: checking them row by row (a
    // lookup and a lock per row) would only repeat that. Foreign-key triggers are off for these COPYs alone.
    const skipChecks = this.canSkipKeyChecks && this.keysLocked;
    if (skipChecks) await this.client.query('SET LOCAL session_replication_role = replica');
    if (numbers.length > 0) {
      await this.#copy(
        'COPY task_numbers (team_id, task_id, import_id, phone, row_no, columns, detection, status) FROM STDIN',
        [numbers],
      );
    }
    if (rejects.length > 0) {
      await this.#copy(
        'COPY import_rejects (import_id, team_id, row_no, phone, disposition, reason, columns) FROM STDIN',
        [rejects],
      );
    }
    if (skipChecks) await this.client.query('SET LOCAL session_replication_role = origin');
    return counts;
  }

  /** COPY … FROM STDIN of a text, or of UTF-8 parts in order. */
  async #copy(statement: string, data: string | readonly Uint8Array[]): Promise<void> {
    await pipeline(
      Readable.from(typeof data === 'string' ? [data] : data),
      this.client.query(copyFrom(statement)),
    );
  }

  /** The checkpoint: rows done and counters of the import, and the task's count of dialable numbers. */
  async checkpoint(
    scope: ChunkScope,
    at: { rowsDone: number; counts: Record<string, number>; percent: number; dialableAdded: number },
  ): Promise<void> {
    await sendTogether(this.client, [
      () =>
        this.client.query(
          `UPDATE imports SET rows_done = $2, counts = $3, percent = $4,
                  status = 'running', started_at = coalesce(started_at, now())
           WHERE id = $1`,
          [scope.importId, at.rowsDone, JSON.stringify(at.counts), at.percent],
        ),
      () =>
        this.client.query(
          `UPDATE tasks SET total_count = total_count + $2, import_percent = $3, updated_at = now() WHERE id = $1`,
          [scope.taskId, at.dialableAdded, at.percent],
        ),
    ]);
  }
}
