import { sql, type Expression } from 'kysely';
import { cachedStatement, type Placeholders } from '../db/statement-cache.js';
import type { Executor, StatementReader } from './store.js';

/** Who a request is from (an api_key's or a console session's account, joined to `teams`). */
export const CALLER_COLUMNS = [
  'accounts.id',
  'accounts.team_id',
  'accounts.sn',
  'accounts.user_name',
  'accounts.parent_id',
  'accounts.role_id',
  'teams.sn as team_sn',
  'teams.timezone',
] as const;

/** What 2.1.1 shows of a sub-account (not its team, extra settings or creation time: fewer columns to read out). */
const SHOWN_COLUMNS = [
  'accounts.id',
  'accounts.sn',
  'accounts.user_name',
  'accounts.contact',
  'accounts.parent_id',
  'accounts.role_id',
  'accounts.organization_id',
  'accounts.job',
  'accounts.max_call_count',
  'accounts.expired',
  'accounts.ext',
  'accounts.display_phone',
  'accounts.skillgroup_sn',
  'accounts.last_login_at',
] as const;

const ACCOUNT_COLUMNS = [
  ...SHOWN_COLUMNS,
  'accounts.team_id',
  'accounts.extra',
  'accounts.created_at',
] as const;

export interface NewAccount {
  team_id: string;
  sn: string;
  user_name: string;
  password_hash: string;
  contact: string;
  parent_id: string | null;
  role_id: string | null;
  organization_id: string | null;
  job: string;
  max_call_count: number;
  api_access_id?: string;
  api_access_secret_enc?: string;
  extra?: Record<string, unknown>;
}

/** Accounts (main account and sub-accounts) and their login keys. */
export const accountRepository = {
  insert(db: Executor, a: NewAccount) {
    return db
      .insertInto('accounts')
      .values({ ...a, extra: JSON.stringify(a.extra ?? {}) })
      .returning(ACCOUNT_COLUMNS)
      .executeTakeFirstOrThrow();
  },

  /** System lookup for login: by user name, across teams. */
  findForPasswordLogin(db: Executor, userName: string) {
    return db
      .selectFrom('accounts')
      .select([...ACCOUNT_COLUMNS, 'accounts.password_hash'])
      .where('user_name', '=', userName)
      .executeTakeFirst();
  },

  /** System lookup for login: by api_access_id, across teams. */
  findByAccessId(db: Executor, accessId: string) {
    return db
      .selectFrom('accounts')
      .select([...ACCOUNT_COLUMNS, 'accounts.api_access_secret_enc'])
      .where('api_access_id', '=', accessId)
      .executeTakeFirst();
  },

  /** System lookup for every authenticated request: the key's account, team and expiry in one query. */
  findByKeyHash(db: Executor, keyHash: string) {
    return db
      .selectFrom('api_keys')
      .innerJoin('accounts', 'accounts.id', 'api_keys.account_id')
      .innerJoin('teams', 'teams.id', 'accounts.team_id')
      .select([...CALLER_COLUMNS, 'api_keys.expires_at'])
      .where('api_keys.key_hash', '=', keyHash)
      .executeTakeFirst();
  },

  /** Replaces the account's key: one live key per account (§1.4). */
  async replaceKey(
    db: Executor,
    accountId: string,
    teamId: string,
    keyHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await db
      .insertInto('api_keys')
      .values({ account_id: accountId, team_id: teamId, key_hash: keyHash, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('account_id')
          .doUpdateSet({ key_hash: keyHash, expires_at: expiresAt, created_at: sql`now()` }),
      )
      .execute();
    await db
      .updateTable('accounts')
      .set({ last_login_at: sql`now()` })
      .where('id', '=', accountId)
      .execute();
  },

  findBySn(db: Executor, sn: string) {
    return db.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('sn', '=', sn).executeTakeFirst();
  },

  findByUserName(db: Executor, userName: string) {
    return db
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .where('user_name', '=', userName)
      .executeTakeFirst();
  },

  findById(db: Executor, id: string) {
    return db.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
  },

  /** The user name of the current team's main account (the owner of team-wide rows such as roles). */
  async mainUserName(db: Executor): Promise<string> {
    const row = await db
      .selectFrom('accounts')
      .select('user_name')
      .where('parent_id', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
    return row?.user_name ?? '';
  },

  /** A page of the current team's sub-accounts and their total, each statement run through `read`. */
  async listSubAccounts(read: StatementReader, filter: { userName?: string; offset: number; limit: number }) {
    const byName = Boolean(filter.userName);
    const pattern = byName ? `%${escapeLike(filter.userName!)}%` : '';
    const rows = await read((db) =>
      subAccountPage(db, { byName }, { pattern, offset: filter.offset, limit: filter.limit }),
    );
    if (rows.length > 0) return { total: Number(rows[0]!.total), rows };
    if (filter.offset === 0) return { total: 0, rows }; // the first page is empty: nothing matches
    const total = await read((db) =>
      subAccountsMatching(db, byName ? sql.val(pattern) : undefined)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    return { total: Number(total.n), rows };
  },

  update(db: Executor, id: string, patch: Partial<Omit<NewAccount, 'team_id' | 'sn' | 'extra'>>) {
    return db
      .updateTable('accounts')
      .set({ ...patch, updated_at: sql`now()` })
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async deleteByUserNames(db: Executor, names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const rows = await db
      .deleteFrom('accounts')
      .where('user_name', 'in', names)
      .where('parent_id', 'is not', null)
      .returning('user_name')
      .execute();
    return rows.map((r) => r.user_name);
  },

  countAll(db: Executor) {
    return db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },
};

/** Escapes LIKE wildcards in user-supplied filter text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Sub-accounts of the current team (rows outside it are invisible under row-level security), by name pattern. */
function subAccountsMatching(db: Executor, pattern: Expression<string> | undefined) {
  const q = db.selectFrom('accounts').where('accounts.parent_id', 'is not', null);
  return pattern === undefined ? q : q.where('accounts.user_name', 'like', pattern);
}

/**
 * A page of sub-accounts with the total as a window count (only a page past the end needs a separate count). The
 * page is cut first and only its rows look up their parent's and role's names: joined before the cut, every
 * matching row did, and PostgreSQL spent a third more on the statement. Polled all day: compiled once per shape.
 */
const subAccountPage = cachedStatement(
  (db, v: Placeholders<{ pattern: string; offset: number; limit: number }>, shape: { byName: boolean }) =>
    db
      .selectFrom(
        subAccountsMatching(db, shape.byName ? v.pattern : undefined)
          .select([...SHOWN_COLUMNS, sql<string>`count(*) over ()`.as('total')])
          .orderBy('accounts.id')
          .offset(v.offset)
          .limit(v.limit)
          .as('page'),
      )
      .selectAll('page')
      .select((eb) => [
        eb
          .selectFrom('accounts as parent')
          .select('parent.user_name')
          .whereRef('parent.id', '=', 'page.parent_id')
          .as('parent_name'),
        eb
          .selectFrom('roles')
          .select('roles.display_name')
          .whereRef('roles.id', '=', 'page.role_id')
          .as('role_name'),
      ])
      .orderBy('page.id'),
);
