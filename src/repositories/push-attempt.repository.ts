import { sql } from 'kysely';
import type { PushAttemptOutcome } from '../db/schema-push.js';
import type { Executor } from './store.js';

export interface NewPushAttempt {
  teamId: string;
  pushEventId: string;
  attempt: number;
  attemptedAt: Date;
  url: string;
  statusCode: number | null;
  latencyMs: number;
  responseSnippet: string;
  error: string | null;
  outcome: PushAttemptOutcome;
  nextAttemptAt: Date | null;
}

// PostgreSQL text cannot hold NUL; a receiver may well answer with one.
const clean = (s: string | null): string | null => (s === null ? null : s.replaceAll('\u0000', ''));

/** The push log: one row per delivery attempt. */
export const pushAttemptRepository = {
  /** Inserts a batch in one statement. */
  async insertMany(db: Executor, rows: readonly NewPushAttempt[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: NewPushAttempt) => T) => rows.map(f);
    await sql`
      INSERT INTO push_attempts (team_id, push_event_id, attempt, attempted_at, url, status_code, latency_ms,
                                 response_snippet, error, outcome, next_attempt_at)
      SELECT * FROM unnest(${col((r) => r.teamId)}::bigint[], ${col((r) => r.pushEventId)}::bigint[],
        ${col((r) => r.attempt)}::int[], ${col((r) => r.attemptedAt)}::timestamptz[], ${col((r) => r.url)}::text[],
        ${col((r) => r.statusCode)}::int[], ${col((r) => r.latencyMs)}::int[],
        ${col((r) => clean(r.responseSnippet))}::text[], ${col((r) => clean(r.error))}::text[],
        ${col((r) => r.outcome)}::text[], ${col((r) => r.nextAttemptAt)}::timestamptz[])`.execute(db);
  },

  /** Attempts of one event, oldest first. */
  listForEvent(db: Executor, pushEventId: string) {
    return db
      .selectFrom('push_attempts')
      .select([
        'attempt',
        'attempted_at',
        'url',
        'status_code',
        'latency_ms',
        'response_snippet',
        'error',
        'outcome',
        'next_attempt_at',
      ])
      .where('push_event_id', '=', pushEventId)
      .orderBy('id')
      .execute();
  },
};
