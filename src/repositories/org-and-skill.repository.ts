import { escapeLike } from './account.repository.js';
import type { Executor } from './store.js';

export interface SkillGroupValues {
  name: string;
  caption?: string;
  strategy?: number;
  all_busy?: number;
  no_agent?: number;
  percentage?: number | null;
  group_record?: number | null;
}

/** Organizations, skill groups and extensions: the small seat-side tables of a team. */
export const orgRepository = {
  insertOrganization(db: Executor, name: string) {
    return db
      .insertInto('organizations')
      .values({ name })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  },
  findOrganization(db: Executor, id: string) {
    return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  },
  firstOrganization(db: Executor) {
    return db.selectFrom('organizations').select('id').orderBy('id').limit(1).executeTakeFirst();
  },
};

export const skillGroupRepository = {
  insert(db: Executor, sn: string, v: SkillGroupValues) {
    return db
      .insertInto('skill_groups')
      .values({ sn, ...v })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  async list(db: Executor, filter: { name?: string; offset: number; limit: number }) {
    let q = db.selectFrom('skill_groups');
    if (filter.name) q = q.where('name', 'like', `%${escapeLike(filter.name)}%`);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('id').offset(filter.offset).limit(filter.limit).execute();
    return { total: Number(total.n), rows };
  },
  update(db: Executor, sn: string, v: SkillGroupValues) {
    return db.updateTable('skill_groups').set(v).where('sn', '=', sn).executeTakeFirst();
  },
  async remove(db: Executor, sns: string[]): Promise<number> {
    if (sns.length === 0) return 0;
    const r = await db.deleteFrom('skill_groups').where('sn', 'in', sns).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

export const extensionRepository = {
  async list(db: Executor, filter: { ext?: string; offset: number; limit: number }) {
    let q = db.selectFrom('extensions').leftJoin('accounts', 'accounts.id', 'extensions.account_id');
    if (filter.ext) q = q.where('extensions.ext', 'like', `%${escapeLike(filter.ext)}%`);
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select([
        'extensions.id',
        'extensions.ext',
        'extensions.status',
        'extensions.created_at',
        'accounts.user_name',
        'accounts.sn as user_sn',
      ])
      .orderBy('extensions.ext')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute();
    return { total: Number(total.n), rows };
  },
  insert(db: Executor, ext: string, accountId: string | null) {
    return db.insertInto('extensions').values({ ext, account_id: accountId }).execute();
  },
};
