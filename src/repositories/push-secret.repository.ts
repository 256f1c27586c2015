import { sql } from 'kysely';
import type { Executor } from './store.js';

// Serialises secret creation and rotation per team (any fixed number, distinct from the migration lock).
const SECRET_LOCK = 727_020;

/** Sealed push signing secrets of a team. `db` is the system handle (with team id) or the team's transaction. */
export const pushSecretRepository = {
  /** Holds the team's secret lock until the transaction ends. */
  async lockTeam(trx: Executor, teamId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${SECRET_LOCK}, ${Number(teamId)}::int)`.execute(trx);
  },

  /** Active secrets, newest first (at most two after a rotation). */
  active(db: Executor, teamId: string) {
    return db
      .selectFrom('push_signing_secrets')
      .select(['id', 'secret_enc', 'created_at', 'expires_at'])
      .where('team_id', '=', teamId)
      .where((w) => w.or([w('expires_at', 'is', null), w('expires_at', '>', sql<Date>`now()`)]))
      .orderBy('id', 'desc')
      .execute();
  },

  async insert(db: Executor, teamId: string, secretEnc: string): Promise<void> {
    await db.insertInto('push_signing_secrets').values({ team_id: teamId, secret_enc: secretEnc }).execute();
  },

  /**
   * Starts a rotation: the current secret stays valid for `overlapMs`, one still in an earlier overlap ends now.
   */
  async retireActive(db: Executor, teamId: string, overlapMs: number): Promise<void> {
    await db
      .updateTable('push_signing_secrets')
      .set({ expires_at: sql<Date>`now()` })
      .where('team_id', '=', teamId)
      .where('expires_at', '>', sql<Date>`now()`)
      .execute();
    await db
      .updateTable('push_signing_secrets')
      .set({ expires_at: sql<Date>`now() + make_interval(secs => ${overlapMs / 1000})` })
      .where('team_id', '=', teamId)
      .where('expires_at', 'is', null)
      .execute();
  },
};
