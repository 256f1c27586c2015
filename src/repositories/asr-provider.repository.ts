import type { Executor } from './store.js';

/** Speech recognisers of a team. `db` is the system handle (with team id) or the team's transaction. */
export const asrProviderRepository = {
  async insert(
    db: Executor,
    row: {
      teamId: string;
      name: string;
      config: Record<string, unknown>;
      secretsEnc: string | null;
      isDefault: boolean;
    },
  ): Promise<string> {
    if (row.isDefault) {
      await db
        .updateTable('asr_providers')
        .set({ is_default: false })
        .where('team_id', '=', row.teamId)
        .execute();
    }
    const inserted = await db
      .insertInto('asr_providers')
      .values({
        team_id: row.teamId,
        name: row.name,
        config: JSON.stringify(row.config),
        secrets_enc: row.secretsEnc,
        is_default: row.isDefault,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  },

  async assignToLine(
    db: Executor,
    teamId: string,
    lineId: string,
    providerId: string | null,
  ): Promise<boolean> {
    const r = await db
      .updateTable('lines')
      .set({ asr_provider_id: providerId })
      .where('team_id', '=', teamId)
      .where('id', '=', lineId)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },

  /** The line's own recogniser, else the team's default; undefined when the team has none. */
  forLine(db: Executor, teamId: string, lineId: string) {
    return db
      .selectFrom('asr_providers as p')
      .select(['p.id', 'p.name', 'p.config', 'p.secrets_enc'])
      .where('p.team_id', '=', teamId)
      .where((w) =>
        w.or([
          w(
            'p.id',
            '=',
            w
              .selectFrom('lines')
              .select('asr_provider_id')
              .where('id', '=', lineId)
              .where('team_id', '=', teamId),
          ),
          w('p.is_default', '=', true),
        ]),
      )
      .orderBy('p.is_default', 'asc')
      .limit(1)
      .executeTakeFirst();
  },
};
