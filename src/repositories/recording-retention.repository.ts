// Recording retention: the teams' retention setting (teams.settings.recording_retention_days), the records
// whose audio is past it, and marking them deleted.
import { sql } from 'kysely';
import type { Executor } from './store.js';

export interface ExpiredRecording {
  id: string;
  recordfile: string;
  turns: unknown;
}

export const recordingRetentionRepository = {
  /** Every team with its own retention in days (null = the platform default). */
  async teams(db: Executor): Promise<{ id: string; days: number | null }[]> {
    const rows = await db
      .selectFrom('teams')
      .select(['id', sql<unknown>`settings->'recording_retention_days'`.as('days')])
      .execute();
    return rows.map((r) => ({ id: r.id, days: typeof r.days === 'number' ? r.days : null }));
  },

  async teamDays(db: Executor, teamId: string): Promise<number | null> {
    const row = await db
      .selectFrom('teams')
      .select(sql<unknown>`settings->'recording_retention_days'`.as('days'))
      .where('id', '=', teamId)
      .executeTakeFirst();
    return typeof row?.days === 'number' ? row.days : null;
  },

  /** Sets (a number) or clears (null: the platform default applies) the team's retention. */
  async setTeamDays(db: Executor, teamId: string, days: number | null): Promise<void> {
    await db
      .updateTable('teams')
      .set({
        settings:
          days === null
            ? sql`settings - 'recording_retention_days'`
            : sql`jsonb_set(settings, '{recording_retention_days}', to_jsonb(${days}::int))`,
      })
      .where('id', '=', teamId)
      .execute();
  },

  /** Records of the team still holding audio, created before `before`, oldest first. */
  expired(db: Executor, teamId: string, before: Date, limit: number): Promise<ExpiredRecording[]> {
    return db
      .selectFrom('call_records')
      .select(['id', 'recordfile', 'turns'])
      .where('team_id', '=', teamId)
      .where('recordfile', 'is not', null)
      .where('created_at', '<', before)
      .orderBy('created_at')
      .limit(limit)
      .execute() as Promise<ExpiredRecording[]>;
  },

  /** The record's audio is gone: no recordfile, turns without segments, and when. */
  async markDeleted(db: Executor, id: string, turns: unknown, at: Date): Promise<void> {
    await db
      .updateTable('call_records')
      .set({ recordfile: null, recording_deleted_at: at, turns: JSON.stringify(turns) })
      .where('id', '=', id)
      .execute();
  },
};
