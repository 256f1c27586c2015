import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = Record<string, unknown> & { code?: number; total?: number; data?: unknown };

// Walks every endpoint of the foundation with tenant B's key against tenant A's sns, ids and names.
describe('tenant isolation', async () => {
  const t = await buildTestApp();
  const a = await newTenant(t, '租户A');
  const b = await newTenant(t, '租户B');

  // Tenant A's data: a sub-account, a role, a skill group, calling hours, callbacks.
  await call(t, a, '/api/aiUserSaveapi', {
    user_name: 'a_agent',
    contact: 'A',
    password: 'secret12',
    re_password: 'secret12',
    max_call_count: 1,
  });
  const aRole = await call<{ data: { id: number } }>(t, a, '/api/doRoleaddapi', {
    name: 'A专用',
    permission: [100],
  });
  const aGroup = await call<{ data: { skillgroup_sn: string } }>(t, a, '/api/skillGroupSaveapi', {
    skillgroup_name: 'A组',
  });
  await call(t, a, '/api/timeSave', { week1: '10:00-11:00' });
  await call(t, a, '/api/setCallback', { open_callback: 1, callback_url: 'http://127.0.0.1:9/a' });
  const aRoles = await call<{ data: { id: number }[] }>(t, a, '/api/roleGetapi', { pageSize: 50 });

  it("lists show only the caller's rows", async () => {
    const subs = await call<Body>(t, b, '/api/aiUserDatasapi', { pageSize: 100 });
    assert.equal(subs.total, 0);
    const roles = await call<{ data: { id: number }[] }>(t, b, '/api/roleGetapi', { pageSize: 100 });
    const aIds = new Set(aRoles.data.map((r) => r.id));
    assert.ok(roles.data.every((r) => !aIds.has(r.id)));
    assert.equal((await call<Body>(t, b, '/api/skillGroupListsDataapii', {})).total, 0);
    assert.equal((await call<{ data: { total: number } }>(t, b, '/api/getExtDatasapi', {})).data.total, 0);
    const hours = await call<{ data: { week1: string } }>(t, b, '/api/callTimeList');
    assert.notEqual(hours.data.week1, '10:00-11:00');
  });

  it("another tenant's role id, sub-account name and skill group sn act as not found and change nothing", async () => {
    const id = aRole.data.id;
    assert.equal((await call<Body>(t, b, '/api/roleEditapi', { id })).code, 40004);
    assert.equal((await call<Body>(t, b, '/api/getAllPermissionapi', { roleid: id })).code, 40004);
    assert.equal(
      (await call<Body>(t, b, '/api/doRoleupdateapi', { id, permission: [100, 101] })).code,
      40004,
    );
    assert.equal((await call<Body>(t, b, '/api/roleDelapi', { roleid: id })).code, 40004);
    assert.equal(
      (await call<Body>(t, b, '/api/aiUserUpdateapi', { user_name: 'a_agent', contact: 'pwned' })).code,
      40004,
    );
    const del = await call<Body>(t, b, '/api/aiUserDeleteapi', {
      pkey: 'user_name',
      entityInstanceId: ['a_agent'],
    });
    assert.equal(del.success_num, 0);
    assert.equal(
      (
        await call<Body>(t, b, '/api/skillGroupUpdateapi', {
          entityInstanceId: aGroup.data.skillgroup_sn,
          skillgroup_name: 'x',
        })
      ).code,
      40004,
    );
    const sgDel = await call<Body>(t, b, '/api/skillGroupDeleteapi', {
      entityInstanceId: [aGroup.data.skillgroup_sn],
    });
    assert.equal(sgDel.success_num, 0);
    // B cannot attach A's role to its own sub-account either.
    const attach = await call<Body>(t, b, '/api/aiUserSaveapi', {
      user_name: 'b_agent',
      contact: 'B',
      password: 'secret12',
      re_password: 'secret12',
      max_call_count: 1,
      role_id: id,
    });
    assert.equal(attach.code, 40004);

    // Tenant A's rows are untouched.
    const detail = await call<{ perms: number[] }>(t, a, '/api/roleEditapi', { id });
    assert.deepEqual(detail.perms, [100]);
    const subs = await call<{ data: { contact: string }[] }>(t, a, '/api/aiUserDatasapi', {});
    assert.equal(subs.data[0]!.contact, 'A');
    assert.equal((await call<Body>(t, a, '/api/skillGroupListsDataapii', {})).total, 1);
  });

  it("setting B's callbacks and hours leaves A's alone", async () => {
    await call(t, b, '/api/setCallback', { open_callback: 0, callback_url: 'http://127.0.0.1:9/b' });
    await call(t, b, '/api/timeSave', { week1: '' });
    const teams = await t.app.db.system
      .selectFrom('teams')
      .select(['name', 'callback_url'])
      .orderBy('id')
      .execute();
    assert.equal(teams.find((x) => x.name === '租户A')!.callback_url, 'http://127.0.0.1:9/a');
    assert.equal(
      (await call<{ data: { week1: string } }>(t, a, '/api/callTimeList')).data.week1,
      '10:00-11:00',
    );
  });

  it('row-level security covers every table with a team_id column', async () => {
    const rows = await sql<{ table_name: string; secured: boolean; policies: number }>`
      SELECT c.relname AS table_name, c.relrowsecurity AS secured,
             (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND EXISTS (SELECT 1 FROM information_schema.columns col
                    WHERE col.table_name = c.relname AND col.column_name = 'team_id')`.execute(
      t.app.db.system,
    );
    assert.ok(rows.rows.length >= 10);
    for (const r of rows.rows) {
      assert.ok(r.secured && r.policies > 0, `${r.table_name} lacks row-level security`);
    }
  });

  it("a tenant transaction cannot read or write another team's rows even with hand-written SQL", async () => {
    const teams = await t.app.db.system.selectFrom('teams').select(['id', 'name']).execute();
    const aId = teams.find((x) => x.name === '租户A')!.id;
    const bId = teams.find((x) => x.name === '租户B')!.id;
    const seen = await t.app.db.tenant(bId, (trx) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE team_id = ${aId}`.execute(trx),
    );
    assert.equal(seen.rows[0]!.n, 0);
    await assert.rejects(
      t.app.db.tenant(bId, (trx) =>
        sql`INSERT INTO roles (team_id, name, display_name) VALUES (${aId}, 'x', 'x')`.execute(trx),
      ),
      /row-level security/,
    );
    const upd = await t.app.db.tenant(bId, (trx) =>
      sql`UPDATE teams SET name = 'pwned' WHERE id = ${aId}`.execute(trx),
    );
    assert.equal(Number(upd.numAffectedRows ?? 0n), 0);
  });
});
