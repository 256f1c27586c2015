import { sql } from 'kysely';
import { escapeLike } from './account.repository.js';
import type { Executor } from './store.js';

/** The columns of `scripts` derived from a version's definition, written on every save. */
export interface ScriptDerived {
  name: string;
  caption: string;
  voice_break: number;
  columns: string[];
  definition: Record<string, unknown>;
}

const SCRIPT_COLUMNS = [
  'scripts.id',
  'scripts.sn',
  'scripts.name',
  'scripts.caption',
  'scripts.question_sn',
  'scripts.voice_break',
  'scripts.columns',
  'scripts.version',
  'scripts.published_version',
  'scripts.status',
  'scripts.created_at',
  'scripts.updated_at',
] as const;

/** Script templates (话术, the reference's "projects") and their saved versions. Deleted scripts are never returned. */
export const scriptRepository = {
  insert(
    db: Executor,
    s: ScriptDerived & { sn: string; question_sn: string; published_version: number | null },
  ) {
    return db
      .insertInto('scripts')
      .values({
        ...s,
        columns: JSON.stringify(s.columns),
        definition: JSON.stringify(s.definition),
        version: 1,
      })
      .returning(SCRIPT_COLUMNS)
      .executeTakeFirstOrThrow();
  },

  /** A live script by its sn (project_sn), without its definition. */
  findBySn(db: Executor, sn: string) {
    return db
      .selectFrom('scripts')
      .select(SCRIPT_COLUMNS)
      .where('sn', '=', sn)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  },

  /** A live script with its current definition, locked for the rest of the transaction (new versions, publish). */
  lockBySn(db: Executor, sn: string) {
    return db
      .selectFrom('scripts')
      .select([...SCRIPT_COLUMNS, 'scripts.definition'])
      .where('sn', '=', sn)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
  },

  /** A live script with its current definition. */
  findWithDefinition(db: Executor, sn: string) {
    return db
      .selectFrom('scripts')
      .select([...SCRIPT_COLUMNS, 'scripts.definition'])
      .where('sn', '=', sn)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  },

  /** What the dialer needs to pick the published version. */
  findForDial(db: Executor, id: string) {
    return db
      .selectFrom('scripts')
      .select(['id', 'sn', 'caption', 'question_sn', 'published_version', 'deleted_at', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Stores a new current version on the script row. */
  saveCurrent(db: Executor, id: string, version: number, d: ScriptDerived) {
    return db
      .updateTable('scripts')
      .set({
        ...d,
        columns: JSON.stringify(d.columns),
        definition: JSON.stringify(d.definition),
        version,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .executeTakeFirst();
  },

  setPublished(db: Executor, id: string, version: number) {
    return db
      .updateTable('scripts')
      .set({ published_version: version, updated_at: sql`now()` })
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async softDelete(db: Executor, id: string): Promise<boolean> {
    const r = await db
      .updateTable('scripts')
      .set({ deleted_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  },

  /**
   * Live scripts, newest first. `name` matches project_name or project_caption (substring); `publishedOnly`
   * keeps the scripts a task can use.
   */
  async list(
    db: Executor,
    f: { name?: string; voiceBreak?: number; publishedOnly: boolean; offset: number; limit: number },
  ) {
    let q = db.selectFrom('scripts').where('deleted_at', 'is', null);
    if (f.publishedOnly) q = q.where('published_version', 'is not', null);
    if (f.voiceBreak !== undefined) q = q.where('voice_break', '=', f.voiceBreak);
    if (f.name) {
      const like = `%${escapeLike(f.name)}%`;
      q = q.where((eb) => eb.or([eb('name', 'like', like), eb('caption', 'like', like)]));
    }
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select(SCRIPT_COLUMNS)
      .orderBy('id', 'desc')
      .offset(f.offset)
      .limit(f.limit)
      .execute();
    return { total: Number(total.n), rows };
  },

  insertVersion(
    db: Executor,
    v: { script_id: string; version: number; definition: Record<string, unknown>; author_id: string | null },
  ) {
    return db
      .insertInto('script_versions')
      .values({ ...v, definition: JSON.stringify(v.definition) })
      .returning(['version', 'created_at'])
      .executeTakeFirstOrThrow();
  },

  /** Every version of a script, newest first, with its author's user name (no definitions). */
  listVersions(db: Executor, scriptId: string) {
    return db
      .selectFrom('script_versions')
      .leftJoin('accounts', 'accounts.id', 'script_versions.author_id')
      .select(['script_versions.version', 'script_versions.created_at', 'accounts.user_name as author'])
      .where('script_versions.script_id', '=', scriptId)
      .orderBy('script_versions.version', 'desc')
      .execute();
  },

  getVersion(db: Executor, scriptId: string, version: number) {
    return db
      .selectFrom('script_versions')
      .leftJoin('accounts', 'accounts.id', 'script_versions.author_id')
      .select([
        'script_versions.version',
        'script_versions.definition',
        'script_versions.created_at',
        'accounts.user_name as author',
      ])
      .where('script_versions.script_id', '=', scriptId)
      .where('script_versions.version', '=', version)
      .executeTakeFirst();
  },
};
