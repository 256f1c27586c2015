import { sql } from 'kysely';
import type { Executor } from './store.js';

/** A to-learn row as written (column names are ours; the wire names are mapped in the script service). */
export interface ToLearnRow {
  type: number;
  robot_before: string;
  heard: string;
  robot_after: string;
  node_title: string;
  description: string;
  call_sn: string;
  account_id: string | null;
  source: 'call' | 'manual';
  /** The listening node id (migration 100); '' when unknown. */
  node_id?: string;
}

/**
 * What calls teach a script: knowledge-item hit counts and the to-learn list. Writers take the team from the
 * script row, so they work in a tenant transaction and in the dialer's system transaction alike.
 */
export const scriptLearningRepository = {
  /** Adds hit counts per asks_sn (one statement, however many items). */
  async addKnowledgeHits(
    db: Executor,
    scriptId: string,
    hits: readonly { asks_sn: string; count: number }[],
  ): Promise<void> {
    const useful = hits.filter((h) => h.count > 0 && h.asks_sn !== '');
    if (useful.length === 0) return;
    await sql`
      INSERT INTO script_knowledge_hits (team_id, script_id, asks_sn, asked_times)
      SELECT s.team_id, s.id, h.asks_sn, sum(h.n)
        FROM scripts s,
             unnest(${useful.map((h) => h.asks_sn)}::text[], ${useful.map((h) => Math.floor(h.count))}::bigint[])
               AS h(asks_sn, n)
       WHERE s.id = ${scriptId}
       GROUP BY s.team_id, s.id, h.asks_sn
      ON CONFLICT (script_id, asks_sn) DO UPDATE
        SET asked_times = script_knowledge_hits.asked_times + EXCLUDED.asked_times, updated_at = now()`.execute(
      db,
    );
  },

  /** asks_sn → lifetime hit count for one script. */
  async knowledgeHits(db: Executor, scriptId: string): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('script_knowledge_hits')
      .select(['asks_sn', 'asked_times'])
      .where('script_id', '=', scriptId)
      .execute();
    return new Map(rows.map((r) => [r.asks_sn, Number(r.asked_times)]));
  },

  /** Files to-learn rows for one script; returns the new ids. */
  async insertToLearn(db: Executor, scriptId: string, rows: readonly ToLearnRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const col = <K extends keyof ToLearnRow>(k: K) => rows.map((r) => r[k]);
    const result = await sql<{ id: string }>`
      INSERT INTO script_to_learn (team_id, script_id, type, robot_before, heard, robot_after, node_title,
                                   description, call_sn, account_id, source, node_id)
      SELECT s.team_id, s.id, r.type, r.robot_before, r.heard, r.robot_after, r.node_title, r.description,
             r.call_sn, r.account_id, r.source, r.node_id
        FROM scripts s,
             unnest(${col('type')}::smallint[], ${col('robot_before')}::text[], ${col('heard')}::text[],
                    ${col('robot_after')}::text[], ${col('node_title')}::text[], ${col('description')}::text[],
                    ${col('call_sn')}::text[], ${col('account_id')}::bigint[], ${col('source')}::text[],
                    ${rows.map((r) => r.node_id ?? '')}::text[])
               WITH ORDINALITY AS r(type, robot_before, heard, robot_after, node_title, description, call_sn,
                                    account_id, source, node_id, ord)
       WHERE s.id = ${scriptId}
       ORDER BY r.ord
      RETURNING id`.execute(db);
    return result.rows.map((r) => String(r.id));
  },

  /** One page of a script's to-learn list, newest first, with the filing account's user name. */
  async listToLearn(db: Executor, f: { scriptId: string; type?: number; offset: number; limit: number }) {
    let q = db.selectFrom('script_to_learn').where('script_to_learn.script_id', '=', f.scriptId);
    if (f.type !== undefined) q = q.where('script_to_learn.type', '=', f.type);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .leftJoin('accounts', 'accounts.id', 'script_to_learn.account_id')
      .select([
        'script_to_learn.id',
        'script_to_learn.type',
        'script_to_learn.robot_before',
        'script_to_learn.heard',
        'script_to_learn.robot_after',
        'script_to_learn.node_title',
        'script_to_learn.description',
        'script_to_learn.call_sn',
        'script_to_learn.source',
        'script_to_learn.created_at',
        'accounts.user_name as account',
      ])
      .orderBy('script_to_learn.id', 'desc')
      .offset(f.offset)
      .limit(f.limit)
      .execute();
    return { total: Number(total.n), rows };
  },

  /** One to-learn item of a script, locked for labelling. */
  async lockToLearn(db: Executor, scriptId: string, id: string) {
    return db
      .selectFrom('script_to_learn')
      .select(['id', 'heard', 'node_id', 'node_title', 'learned_version'])
      .where('script_id', '=', scriptId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Records the operator's label and the script version that learned the reply. */
  async markLabelled(db: Executor, id: string, label: unknown, version: number, at: Date): Promise<void> {
    await db
      .updateTable('script_to_learn')
      .set({ label: JSON.stringify(label), learned_version: version, labelled_at: at })
      .where('id', '=', id)
      .execute();
  },

  /** The user name of the team's main account (the reference's `client`). */
  async mainAccountName(db: Executor, teamId: string): Promise<string> {
    const row = await db
      .selectFrom('accounts')
      .select('user_name')
      .where('team_id', '=', teamId)
      .where('parent_id', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
    return row?.user_name ?? '';
  },
};
