import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from './store.js';

export interface FailureKey {
  readonly scope: string;
  readonly subject: string;
}

export interface FailureState extends FailureKey {
  readonly failures: number;
  readonly lastFailureAt: Date;
}

const digest = (subject: string) => createHash('sha256').update(subject).digest();

interface Row {
  scope: string;
  subject: Buffer;
  failures: number;
  last_failure_at: Date;
}

/** Failed credential attempts per (scope, subject); a counter is forgotten after a window without failures. */
export const authFailureRepository = {
  /** The live counters of the given keys (a failure within the window before `now`). */
  async find(
    db: Executor,
    keys: readonly FailureKey[],
    now: Date,
    windowMs: number,
  ): Promise<FailureState[]> {
    if (keys.length === 0) return [];
    const since = new Date(now.getTime() - windowMs);
    const wanted = keys.map((k) => sql`(${k.scope}, ${digest(k.subject)})`);
    const rows = await sql<Row>`
      SELECT scope, subject, failures, last_failure_at FROM auth_failures
      WHERE (scope, subject) IN (${sql.join(wanted)}) AND last_failure_at > ${since}`.execute(db);
    return rows.rows.map((r) => {
      const key = keys.find((k) => k.scope === r.scope && digest(k.subject).equals(r.subject))!;
      return { ...key, failures: r.failures, lastFailureAt: r.last_failure_at };
    });
  },

  /** Counts one failure for each key (from 1 again after a quiet window); returns the new counters. */
  async record(
    db: Executor,
    keys: readonly FailureKey[],
    now: Date,
    windowMs: number,
  ): Promise<FailureState[]> {
    const since = new Date(now.getTime() - windowMs);
    const out: FailureState[] = [];
    for (const key of keys) {
      const rows = await sql<Row>`
        INSERT INTO auth_failures AS f (scope, subject, failures, last_failure_at)
        VALUES (${key.scope}, ${digest(key.subject)}, 1, ${now})
        ON CONFLICT (scope, subject) DO UPDATE SET
          failures = CASE WHEN f.last_failure_at <= ${since} THEN 1 ELSE f.failures + 1 END,
          last_failure_at = ${now}
        RETURNING scope, subject, failures, last_failure_at`.execute(db);
      const r = rows.rows[0]!;
      out.push({ ...key, failures: r.failures, lastFailureAt: r.last_failure_at });
    }
    return out;
  },

  /** Forgets the counters of the keys (a successful login clears its account's failures). */
  async clear(db: Executor, keys: readonly FailureKey[]): Promise<void> {
    for (const key of keys) {
      await sql`DELETE FROM auth_failures WHERE scope = ${key.scope} AND subject = ${digest(key.subject)}`.execute(
        db,
      );
    }
  },

  /** Drops counters idle longer than the window (keeps the table small under a spray of names). */
  async purge(db: Executor, now: Date, windowMs: number): Promise<void> {
    await sql`DELETE FROM auth_failures WHERE last_failure_at < ${new Date(now.getTime() - windowMs)}`.execute(
      db,
    );
  },
};
