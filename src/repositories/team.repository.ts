import { sql } from 'kysely';
import type { Executor } from './store.js';

export interface NewTeam {
  sn: string;
  name: string;
  ai_count: number;
  timezone?: string;
}

/** Teams (tenants): the main account's customer group, its licence and callback settings. */
export const teamRepository = {
  insert(db: Executor, t: NewTeam) {
    return db
      .insertInto('teams')
      .values({ ...t, settings: '{}' })
      .returning(['id', 'sn', 'name', 'timezone', 'ai_count'])
      .executeTakeFirstOrThrow();
  },

  /** The current team (the only row visible under row-level security). */
  current(db: Executor, teamId: string) {
    return db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirstOrThrow();
  },

  setCallbacks(
    db: Executor,
    teamId: string,
    v: { open_callback: number; callback_url: string | null; task_callback_url?: string | null },
  ) {
    return db.updateTable('teams').set(v).where('id', '=', teamId).executeTakeFirst();
  },

  /** Merges keys into the team's settings object. */
  mergeSettings(db: Executor, teamId: string, patch: Record<string, unknown>) {
    return db
      .updateTable('teams')
      .set({ settings: sql`settings || ${JSON.stringify(patch)}::jsonb` })
      .where('id', '=', teamId)
      .executeTakeFirst();
  },

  count(db: Executor) {
    return db
      .selectFrom('teams')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },
};
