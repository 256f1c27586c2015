import { sql } from 'kysely';
import type { Executor } from './store.js';

/** A line as stored (config is the JSON the line kind validates). */
export interface LineRow {
  id: string;
  team_id: string;
  name: string;
  kind: 'simulator' | 'sip';
  caller: string;
  capacity: number;
  cps: number | null;
  config: Record<string, unknown>;
  status: 'up' | 'down';
  status_reason: string;
  is_default: boolean;
  sandbox: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface NewLine {
  name: string;
  kind: 'simulator' | 'sip';
  caller: string;
  capacity: number;
  cps: number | null;
  config: Record<string, unknown>;
  is_default: boolean;
  sandbox: boolean;
}

export type LinePatch = Partial<Omit<NewLine, 'kind' | 'sandbox'>> & {
  status?: 'up' | 'down';
  status_reason?: string;
};

/** Lines (线路): a team's trunks, as configured data. */
export const lineRepository = {
  /** The lines of the current tenant, default first. */
  list(db: Executor): Promise<LineRow[]> {
    return db.selectFrom('lines').selectAll().orderBy('is_default', 'desc').orderBy('id').execute();
  },

  find(db: Executor, id: string): Promise<LineRow | undefined> {
    return db.selectFrom('lines').selectAll().where('id', '=', id).executeTakeFirst();
  },

  insert(db: Executor, line: NewLine): Promise<LineRow> {
    return db
      .insertInto('lines')
      .values({ ...line, config: JSON.stringify(line.config) })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async update(db: Executor, id: string, patch: LinePatch, at: Date): Promise<LineRow | undefined> {
    const { config, ...rest } = patch;
    return db
      .updateTable('lines')
      .set({ ...rest, ...(config !== undefined && { config: JSON.stringify(config) }), updated_at: at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /** Drops the default flag from every line of the tenant but `keepId` (one default per team). */
  async clearDefault(db: Executor, keepId: string | null): Promise<void> {
    let q = db.updateTable('lines').set({ is_default: false }).where('is_default', '=', true);
    if (keepId !== null) q = q.where('id', '!=', keepId);
    await q.execute();
  },

  /** System read for the dialer: every line of the given teams. */
  forTeams(db: Executor, teamIds: readonly string[]): Promise<LineRow[]> {
    if (teamIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('lines')
      .selectAll()
      .where('team_id', 'in', [...teamIds])
      .orderBy('id')
      .execute();
  },

  /** Calls in progress per line of the current tenant (claimed numbers not finished yet). */
  async activeByLine(db: Executor): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('task_numbers')
      .select(['claim_line_id', sql<string>`count(*)`.as('n')])
      .where('status', '=', 1)
      .groupBy('claim_line_id')
      .execute();
    return new Map(rows.map((r) => [String(r.claim_line_id), Number(r.n)]));
  },
};
