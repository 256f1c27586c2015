// Console sessions (migration 080). Looked up by token hash on the system handle, like api_keys.
import { CALLER_COLUMNS } from './account.repository.js';
import { sql } from 'kysely';
import type { Executor } from './store.js';

export const consoleSessionRepository = {
  async create(
    db: Executor,
    s: { teamId: string; accountId: string; tokenHash: string; csrfHash: string; at: Date },
  ): Promise<void> {
    // Idle expiry is measured on the platform's clock, so the session starts on it too.
    await db
      .insertInto('console_sessions')
      .values({
        team_id: s.teamId,
        account_id: s.accountId,
        token_hash: s.tokenHash,
        csrf_hash: s.csrfHash,
        created_at: s.at,
        last_seen_at: s.at,
      })
      .execute();
    await db
      .updateTable('accounts')
      .set({ last_login_at: sql`now()` })
      .where('id', '=', s.accountId)
      .execute();
  },

  /** The session with its account and team, as request authentication needs them. */
  findByTokenHash(db: Executor, tokenHash: string) {
    return db
      .selectFrom('console_sessions')
      .innerJoin('accounts', 'accounts.id', 'console_sessions.account_id')
      .innerJoin('teams', 'teams.id', 'accounts.team_id')
      .select([
        'console_sessions.id as session_id',
        'console_sessions.csrf_hash',
        'console_sessions.last_seen_at',
        ...CALLER_COLUMNS,
        'accounts.expired',
        'teams.name as team_name',
      ])
      .where('console_sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  /**
   * Moves last_seen_at from the value the caller read to `at`; a request that read the row before the session was
   * marked expired (or touched by another request) changes nothing, so a late touch never revives a session.
   */
  async touch(db: Executor, sessionId: string, seen: Date, at: Date): Promise<void> {
    await db
      .updateTable('console_sessions')
      .set({ last_seen_at: at })
      .where('id', '=', sessionId)
      .where('last_seen_at', '=', seen)
      .execute();
  },

  /** Marks a session expired for good (idle since the epoch) until the idle sweep removes it. */
  async markExpired(db: Executor, sessionId: string): Promise<void> {
    await db
      .updateTable('console_sessions')
      .set({ last_seen_at: new Date(0) })
      .where('id', '=', sessionId)
      .execute();
  },

  async deleteByTokenHash(db: Executor, tokenHash: string): Promise<void> {
    await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
  },

  /** Removes sessions idle since before `before`; returns how many. */
  async deleteIdle(db: Executor, before: Date): Promise<number> {
    const r = await db.deleteFrom('console_sessions').where('last_seen_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
