// The DND list (防打扰, dnd_entries): listing, adding (upsert by phone), removing, exporting, and the "is this
// number blocked now" check other areas use.
import { sql } from 'kysely';
import type { Executor } from './store.js';

export interface DndEntryInput {
  phone: string;
  name: string | null;
  unit: string;
  address: string;
  remark: string;
  term_value: number;
  /** NULL = permanent (term_value 0). */
  expires_at: Date | null;
  source: string;
}

const COLUMNS = [
  'id',
  'name',
  'phone',
  'unit',
  'address',
  'remark',
  'term_value',
  'expires_at',
  'source',
  'created_at',
] as const;

export const dndRepository = {
  async list(db: Executor, f: { phone?: string; offset: number; limit: number }) {
    let q = db.selectFrom('dnd_entries');
    if (f.phone) q = q.where('phone', 'like', `%${f.phone.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.select(COLUMNS).orderBy('id', 'desc').offset(f.offset).limit(f.limit).execute();
    return { total: Number(total.n), rows };
  },

  /**
   * Adds or updates entries by phone. `mode` 'replace' overwrites the term and details (an operator's add);
   * 'extend' keeps the later expiry, permanent winning, and fills blank details only (automatic additions).
   * Phones must be distinct within one call.
   */
  async upsert(
    db: Executor,
    teamId: string,
    entries: readonly DndEntryInput[],
    mode: 'replace' | 'extend',
  ): Promise<void> {
    if (entries.length === 0) return;
    const col = <K extends keyof DndEntryInput>(k: K) => entries.map((e) => e[k]);
    const conflict =
      mode === 'replace'
        ? sql`name = coalesce(EXCLUDED.name, dnd_entries.name), unit = EXCLUDED.unit, address = EXCLUDED.address,
              remark = EXCLUDED.remark, term_value = EXCLUDED.term_value, expires_at = EXCLUDED.expires_at,
              source = EXCLUDED.source, created_at = now()`
        : sql`expires_at = CASE WHEN dnd_entries.expires_at IS NULL OR EXCLUDED.expires_at IS NULL THEN NULL
                                ELSE greatest(dnd_entries.expires_at, EXCLUDED.expires_at) END,
              term_value = CASE WHEN dnd_entries.expires_at IS NULL OR EXCLUDED.expires_at IS NULL THEN 0
                                ELSE greatest(dnd_entries.term_value, EXCLUDED.term_value) END,
              remark = CASE WHEN dnd_entries.remark = '' THEN EXCLUDED.remark ELSE dnd_entries.remark END`;
    await sql`
      INSERT INTO dnd_entries (team_id, phone, name, unit, address, remark, term_value, expires_at, source)
      SELECT ${teamId}::bigint, * FROM unnest(${col('phone')}::text[], ${col('name')}::text[], ${col('unit')}::text[],
                           ${col('address')}::text[], ${col('remark')}::text[], ${col('term_value')}::int[],
                           ${col('expires_at')}::timestamptz[], ${col('source')}::text[])
      ON CONFLICT (team_id, phone) DO UPDATE SET ${conflict}`.execute(db);
  },

  /** Which of `phones` are already listed (in force or not). */
  async existing(db: Executor, phones: readonly string[]): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const rows = await db
      .selectFrom('dnd_entries')
      .select('phone')
      .where('phone', '=', sql<string>`ANY(${phones as string[]}::text[])`)
      .execute();
    return new Set(rows.map((r) => r.phone));
  },

  async deleteByIds(db: Executor, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await db.deleteFrom('dnd_entries').where('id', 'in', ids).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async deleteByPhones(db: Executor, phones: readonly string[]): Promise<number> {
    if (phones.length === 0) return 0;
    const r = await db.deleteFrom('dnd_entries').where('phone', 'in', phones).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  /** A page of entries for export, by id (keyset), optionally only the given ids. */
  exportPage(db: Executor, f: { ids?: readonly string[]; afterId: string; limit: number }) {
    let q = db.selectFrom('dnd_entries').select(COLUMNS).where('id', '>', f.afterId);
    if (f.ids) q = q.where('id', 'in', f.ids.length > 0 ? f.ids : ['0']);
    return q.orderBy('id').limit(f.limit).execute();
  },

  /** Numbers of `phones` on the team's list and in force at `at` (the dialer's last check before dialing). */
  async blocked(db: Executor, teamId: string, phones: readonly string[], at: Date): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const rows = await db
      .selectFrom('dnd_entries')
      .select('phone')
      .where('team_id', '=', teamId)
      .where('phone', '=', sql<string>`ANY(${phones as string[]}::text[])`)
      .where((w) => w.or([w('expires_at', 'is', null), w('expires_at', '>', at)]))
      .execute();
    return new Set(rows.map((r) => r.phone));
  },
};
