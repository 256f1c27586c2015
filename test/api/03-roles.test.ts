import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = Record<string, unknown> & { code?: number; msg?: string };

describe('3.1–3.6 roles and permissions', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '角色测试');
  const roles = await call<{ total: number; data: { id: number; name: string }[] }>(t, s, '/api/roleGetapi', {
    pageIndex: 0,
    pageSize: 5,
  });

  it('3.2 lists the seeded roles as {total,data} and filters with a JSON-string data object', async () => {
    assert.equal(roles.total, 2);
    assert.deepEqual(roles.data.map((r) => r.name).sort(), ['坐席', '管理员'].sort());
    const filtered = await call<{ total: number }>(t, s, '/api/roleGetapi', { data: '{"name":"坐"}' });
    assert.equal(filtered.total, 1);
  });

  it('3.3 adds a role with PHP-style permission[] and 3.1 shows it checked', async () => {
    const added = await call<{ code: number; data: { id: number } }>(t, s, '/api/doRoleaddapi', {
      name: '质检',
      'permission[]': [300, 301],
    });
    assert.equal(added.code, 0);
    const tree = await call<{ total: number; data: { id: number; checked: number; parent_id: number }[] }>(
      t,
      s,
      '/api/getAllPermissionapi',
      {
        roleid: added.data.id,
      },
    );
    assert.ok(tree.total > 10);
    const checked = tree.data.filter((p) => p.checked === 1).map((p) => p.id);
    assert.deepEqual(checked, [300, 301]);
    assert.equal(tree.data.find((p) => p.id === 301)!.parent_id, 300);
  });

  it('3.1 with roleid 0 answers the bare catalogue for a role being created; an unknown id is 40004', async () => {
    type Tree = { code?: number; total: number; data: { id: number; checked: number }[] };
    const bare = await call<Tree>(t, s, '/api/getAllPermissionapi', { roleid: 0 });
    assert.ok(bare.total > 10);
    assert.equal(bare.data.length, bare.total);
    assert.deepEqual(
      bare.data.filter((p) => p.checked === 1),
      [],
    );
    assert.equal((await call<Tree>(t, s, '/api/getAllPermissionapi', { roleid: 987654 })).code, 40004);
  });

  it('3.4 updates permissions, 3.5 returns the unenveloped detail', async () => {
    const id = roles.data.find((r) => r.name === '坐席')!.id;
    const upd = await call<Body>(t, s, '/api/doRoleupdateapi', {
      id,
      description: '角色',
      'permission[]': [100, 101, 102 - 1],
    });
    assert.deepEqual(upd, { code: 0, msg: '修改成功' });
    const detail = await call<Record<string, unknown>>(t, s, '/api/roleEditapi', { id });
    assert.equal(detail.id, id);
    assert.equal(detail.description, '角色');
    assert.deepEqual(detail.perms, [100, 101]);
    assert.ok(!('code' in detail));
    assert.ok(Array.isArray((detail.permissionAll as Record<string, unknown>)['0']));
  });

  it('refuses unknown permission ids and unknown roles without writing', async () => {
    const id = roles.data.find((r) => r.name === '坐席')!.id;
    const bad = await call<Body>(t, s, '/api/doRoleupdateapi', { id, permission: [100, 99999] });
    assert.equal(bad.code, 20002);
    const detail = await call<{ perms: number[] }>(t, s, '/api/roleEditapi', { id });
    assert.deepEqual(detail.perms, [100, 101]);
    assert.equal((await call<Body>(t, s, '/api/roleEditapi', { id: 999999 })).code, 40004);
  });

  it('3.6 deletes an unused role and refuses one still assigned', async () => {
    const admin = roles.data.find((r) => r.name === '管理员')!.id;
    assert.equal((await call<Body>(t, s, '/api/roleDelapi', { roleid: admin })).code, 40009);
    const added = await call<{ data: { id: number } }>(t, s, '/api/doRoleaddapi', {
      name: '临时',
      permission: [],
    });
    assert.deepEqual(await call<Body>(t, s, '/api/roleDelapi', { roleid: added.data.id }), {
      code: 0,
      msg: '删除成功',
    });
  });
});
