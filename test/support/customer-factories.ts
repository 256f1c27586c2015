// Customer-pool tests: a team with salespeople (sub-accounts whose role holds the customer permissions) and GET
// calls with JSON-valued query parameters, as the reference documents 6.7.x.
import assert from 'node:assert/strict';
import { call, newTenant, type Session, type TestApp } from './test-app.js';

export type Body = { code?: number; rst?: string; msg: string; data?: unknown } & Record<string, unknown>;

export interface SalesTeam {
  readonly main: Session;
  readonly sales: Session[];
}

let seq = 0;

/** A tenant whose `count` sub-accounts hold 客户管理 (801, 802). */
export async function salesTeam(t: TestApp, name: string, count: number): Promise<SalesTeam> {
  const main = await newTenant(t, name);
  const role = await call<{ code: number; msg: string; data: { id: number } }>(t, main, '/api/doRoleaddapi', {
    name: '销售',
    permission: [800, 801, 802],
  });
  assert.equal(role.code, 0, role.msg);
  const sales: Session[] = [];
  for (let i = 0; i < count; i++) {
    const user = `sales${process.pid % 1000}x${++seq}`;
    const made = await call<Body>(t, main, '/api/aiUserSaveapi', {
      user_name: user,
      contact: `销售${i + 1}`,
      password: 'secret12',
      re_password: 'secret12',
      role_id: role.data.id,
      max_call_count: 1,
    });
    assert.equal(made.code, 0, made.msg);
    const login = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
      username: user,
      password: 'secret12',
      from: 2,
    });
    sales.push({ ...main, user_name: user, api_key: login.data.api_key, user_sn: login.data.user_sn });
  }
  return { main, sales };
}

/** GET with the public params first and objects JSON-encoded in the query string. */
export async function get<T = Body>(
  t: TestApp,
  s: Pick<Session, 'api_key' | 'user_sn'>,
  url: string,
  params: Record<string, unknown> = {},
): Promise<T> {
  const query = new URLSearchParams({ api_key: s.api_key, user_sn: s.user_sn });
  for (const [k, v] of Object.entries(params)) {
    query.set(k, typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v));
  }
  const res = await t.http.inject({ method: 'GET', url: `${url}?${query.toString()}` });
  return res.json<T>();
}

/** The customers table as stored, by phone. */
export async function customerRows(t: TestApp, teamOf: Session) {
  const team = await t.app.db.system
    .selectFrom('accounts')
    .select('team_id')
    .where('sn', '=', teamOf.user_sn)
    .executeTakeFirstOrThrow();
  const rows = await t.app.db.system
    .selectFrom('customers as c')
    .leftJoin('accounts as a', 'a.id', 'c.owner_id')
    .select(['c.id', 'c.phone', 'c.name', 'c.owner_id', 'a.sn as owner_sn', 'c.follow_set_id', 'c.grade'])
    .where('c.team_id', '=', team.team_id)
    .orderBy('c.phone')
    .execute();
  return new Map(rows.map((r) => [r.phone, r]));
}

/** Audit trail rows of a team, oldest first. */
export async function moveRows(t: TestApp, teamOf: Session) {
  const team = await t.app.db.system
    .selectFrom('accounts')
    .select('team_id')
    .where('sn', '=', teamOf.user_sn)
    .executeTakeFirstOrThrow();
  return t.app.db.system
    .selectFrom('customer_moves')
    .selectAll()
    .where('team_id', '=', team.team_id)
    .orderBy('id')
    .execute();
}
