// Customer pools: reads — the 6.7.5 list, one customer's timeline, the pool settings.
import type { CustomerFields } from './customer.repository.js';
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './store.js';

/** 6.7.5 filters in our names; all given ones must hold. */
export interface CustomerQuery {
  pool: 'public' | 'private';
  /** Private pool only: the owner (a sub-account sees its own customers and those it collaborates on). */
  viewer?: string;
  /** Private pool only: customers of these owners (a main account narrowing the list). */
  owners?: readonly string[];
  phonePrefix?: string;
  namePrefix?: string;
  updatedFrom?: Date;
  updatedTo?: Date;
  createdFrom?: Date;
  createdTo?: Date;
  followSetIds?: readonly number[];
  grades?: readonly string[];
  tag?: string;
}

export interface CustomerRow extends CustomerFields {
  id: string;
  owner_id: string | null;
  owner_sn: string | null;
  owner_name: string | null;
  auto_ignore: number;
  owned_at: Date | null;
  last_follow_at: Date | null;
  created_at: Date;
  updated_at: Date;
  collaborators: { user_sn: string; user_name: string }[];
  call_count: number;
  last_call_at: Date | null;
}

/**
 * `column` starts with `text`, as a range of the pattern operators: unlike LIKE they are leakproof, so under
 * row-level security PostgreSQL may still use the text_pattern_ops index (LIKE there means a sequential scan).
 */
function prefix(column: RawBuilder<unknown>, text: string): RawBuilder<unknown> {
  const last = text.charCodeAt(text.length - 1);
  const next = text.slice(0, -1) + String.fromCharCode(last + 1);
  return sql`(${column} ~>=~ ${text} AND ${column} ~<~ ${next})`;
}

function conditions(q: CustomerQuery): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [];
  if (q.pool === 'public') c.push(sql`c.owner_id IS NULL`);
  else c.push(sql`c.owner_id IS NOT NULL`);
  if (q.viewer !== undefined) {
    c.push(sql`(c.owner_id = ${q.viewer} OR EXISTS (SELECT 1 FROM customer_collaborators cc
                WHERE cc.customer_id = c.id AND cc.account_id = ${q.viewer}))`);
  }
  if (q.owners) c.push(sql`c.owner_id = ANY(${[...q.owners]}::bigint[])`);
  if (q.phonePrefix) c.push(prefix(sql`c.phone`, q.phonePrefix));
  if (q.namePrefix) c.push(prefix(sql`c.name`, q.namePrefix));
  if (q.updatedFrom) c.push(sql`c.updated_at >= ${q.updatedFrom}`);
  if (q.updatedTo) c.push(sql`c.updated_at < ${q.updatedTo}`);
  if (q.createdFrom) c.push(sql`c.created_at >= ${q.createdFrom}`);
  if (q.createdTo) c.push(sql`c.created_at < ${q.createdTo}`);
  if (q.followSetIds) c.push(sql`c.follow_set_id = ANY(${[...q.followSetIds]}::smallint[])`);
  if (q.grades) c.push(sql`c.grade = ANY(${[...q.grades]}::text[])`);
  if (q.tag) c.push(sql`${q.tag} = ANY(c.tags)`);
  return c;
}

export const customerListRepository = {
  /** A page (updated_at, id newest first) and the total; the page's owners, collaborators and call counts. */
  async list(db: Executor, q: CustomerQuery, page: { offset: number; limit: number }) {
    const where = sql.join(conditions(q), sql` AND `);
    // Count and page in one round trip; only a page past the end needs a second query for the total.
    const { rows } = await sql<CustomerRow & { total: string }>`
      WITH page AS (
        SELECT c.* FROM customers c WHERE ${where}
        ORDER BY c.updated_at DESC, c.id DESC OFFSET ${page.offset} LIMIT ${page.limit}
      )
      SELECT (SELECT count(*) FROM customers c WHERE ${where}) AS total,
             p.id, p.phone, p.name, p.company, p.address, p.remark, p.fields, p.tags, p.owner_id,
             o.sn AS owner_sn, o.user_name AS owner_name, p.follow_set_id, p.auto_ignore, p.grade,
             p.owned_at, p.last_follow_at, p.created_at, p.updated_at,
             coalesce((SELECT json_agg(json_build_object('user_sn', a.sn, 'user_name', a.user_name) ORDER BY a.id)
                       FROM customer_collaborators cc JOIN accounts a ON a.id = cc.account_id
                       WHERE cc.customer_id = p.id), '[]') AS collaborators,
             calls.n AS call_count, calls.last_at AS last_call_at
      FROM page p
      LEFT JOIN accounts o ON o.id = p.owner_id
      CROSS JOIN LATERAL (SELECT count(*)::int AS n, max(r.started_at) AS last_at FROM call_records r
                          WHERE r.team_id = p.team_id AND r.phone = p.phone) calls
      ORDER BY p.updated_at DESC, p.id DESC`.execute(db);
    if (rows.length > 0) return { total: Number(rows[0]!.total), rows };
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM customers c WHERE ${where}`.execute(db);
    return { total: Number(count.rows[0]?.n ?? 0), rows };
  },

  /** One customer by phone with the list's columns, or undefined. */
  async byPhone(db: Executor, phone: string): Promise<CustomerRow | undefined> {
    const { rows } = await sql<CustomerRow>`
      SELECT c.id, c.phone, c.name, c.company, c.address, c.remark, c.fields, c.tags, c.owner_id,
             o.sn AS owner_sn, o.user_name AS owner_name, c.follow_set_id, c.auto_ignore, c.grade,
             c.owned_at, c.last_follow_at, c.created_at, c.updated_at,
             coalesce((SELECT json_agg(json_build_object('user_sn', a.sn, 'user_name', a.user_name) ORDER BY a.id)
                       FROM customer_collaborators cc JOIN accounts a ON a.id = cc.account_id
                       WHERE cc.customer_id = c.id), '[]') AS collaborators,
             0 AS call_count, NULL::timestamptz AS last_call_at
      FROM customers c LEFT JOIN accounts o ON o.id = c.owner_id
      WHERE c.phone = ${phone}`.execute(db);
    return rows[0];
  },

  /** The customer's call records (every call of the phone in the team), newest first. */
  calls(db: Executor, phone: string, limit: number) {
    return db
      .selectFrom('call_records as r')
      .leftJoin('tasks as t', 't.id', 'r.task_id')
      .select([
        'r.id',
        'r.sn',
        'r.started_at',
        'r.connected_at',
        'r.talktimes',
        'r.result',
        'r.grade',
        'r.status_manual',
        'r.recordfile',
        't.sn as task_sn',
        't.name as task_name',
      ])
      .where('r.phone', '=', phone)
      .orderBy('r.started_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute();
  },

  notes(db: Executor, customerId: string) {
    return db
      .selectFrom('customer_notes as n')
      .leftJoin('accounts as a', 'a.id', 'n.account_id')
      .select(['n.id', 'n.body', 'n.created_at', 'a.sn as user_sn', 'a.user_name'])
      .where('n.customer_id', '=', customerId)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .execute();
  },

  /** The audit trail of a phone (also moves before a deletion and re-creation), newest first. */
  moves(db: Executor, phone: string) {
    return db
      .selectFrom('customer_moves as m')
      .leftJoin('accounts as f', 'f.id', 'm.from_owner_id')
      .leftJoin('accounts as t', 't.id', 'm.to_owner_id')
      .leftJoin('accounts as a', 'a.id', 'm.actor_id')
      .select([
        'm.id',
        'm.action',
        'm.detail',
        'm.created_at',
        'f.sn as from_user_sn',
        'f.user_name as from_user_name',
        't.sn as to_user_sn',
        't.user_name as to_user_name',
        'a.user_name as actor_name',
      ])
      .where('m.phone', '=', phone)
      .orderBy('m.id', 'desc')
      .execute();
  },

  /** The team's pool settings (defaults when never saved). */
  async settings(db: Executor) {
    const row = await db.selectFrom('customer_pool_settings').selectAll().executeTakeFirst();
    return {
      prescreen_grades: row?.prescreen_grades ?? [],
      prescreen_pool: row?.prescreen_pool ?? ('private' as const),
      auto_give_up_days: row?.auto_give_up_days ?? 0,
      private_cap: row?.private_cap ?? 0,
    };
  },
};
