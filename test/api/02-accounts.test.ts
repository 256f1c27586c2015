import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, call, newTenant, type Session } from '../support/test-app.js';

type Body = Record<string, unknown> & { code?: number; msg?: string; data?: unknown };

describe('2.1 sub-accounts, 2.2.1 extensions, 2.3 skill groups', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '账号测试');

  const addSub = (session: Session, user_name: string, extra: Record<string, unknown> = {}) =>
    call<Body>(t, session, '/api/aiUserSaveapi', {
      user_name,
      contact: '张三',
      password: 'secret12',
      re_password: 'secret12',
      max_call_count: '3',
      ...extra,
    });

  it('2.1.2 creates a sub-account (ints as strings) and 2.1.1 lists it with the reference fields', async () => {
    const created = await addSub(s, 'agent01');
    assert.equal(created.code, 0);
    const list = await call<{ total: number; data: Record<string, unknown>[] }>(t, s, '/api/aiUserDatasapi', {
      pageIndex: 0,
      pageSize: 5,
      user_name: '',
    });
    assert.equal(list.total, 1);
    const row = list.data[0]!;
    assert.equal(row.user_name, 'agent01');
    assert.equal(row.parent_sn, s.user_name);
    assert.equal(row.max_call_count, 3);
    assert.match(String(row.user_sn), /^SYSUSER\|[0-9a-f]{32}$/);
    for (const key of [
      'job',
      'contact',
      'expired',
      'ext',
      'organization_id',
      'skillgroup_sn',
      'last_login_time',
    ]) {
      assert.ok(key in row, key);
    }
  });

  it('refuses mismatched passwords, a taken user name and concurrency above the licence', async () => {
    const mismatch = await addSub(s, 'agent02', { re_password: 'other123' });
    assert.equal(mismatch.code, 20002);
    const taken = await addSub(s, 'agent01');
    assert.equal(taken.code, 40009);
    const tooMany = await addSub(s, 'agent03', { max_call_count: 11 });
    assert.equal(tooMany.code, 20002);
    assert.match(String(tooMany.msg), /max_call_count/);
    const list = await call<{ total: number }>(t, s, '/api/aiUserDatasapi');
    assert.equal(list.total, 1, 'nothing was written by the refused requests');
  });

  it('2.1.1 reports the total on a page past the end, and 0 when nothing matches', async () => {
    type List = { total: number; data: unknown[] };
    const past = await call<List>(t, s, '/api/aiUserDatasapi', { pageIndex: 3, pageSize: 5 });
    assert.deepEqual([past.total, past.data.length], [1, 0]);
    const none = await call<List>(t, s, '/api/aiUserDatasapi', { user_name: 'no-such-agent' });
    assert.deepEqual([none.total, none.data.length], [0, 0]);
  });

  it('2.1.1 pages in creation order; a sub-account whose job is empty shows its role name as job', async () => {
    const t2 = await newTenant(t, '分页测试');
    const roles = await call<{ data: { id: number; name: string }[] }>(t, t2, '/api/roleGetapi');
    const agentRole = roles.data.find((r) => r.name === '坐席')!;
    for (let i = 1; i <= 7; i++) {
      const extra =
        i === 6 ? { role_id: agentRole.id } : i === 7 ? { role_id: agentRole.id, job: '组长' } : {};
      assert.equal((await addSub(t2, `page0${i}`, extra)).code, 0);
    }
    // A job cleared later: the list shows the role's name in its place.
    const cleared = await call<Body>(t, t2, '/api/aiUserUpdateapi', { user_name: 'page06', job: '' });
    assert.equal(cleared.code, 0);
    type Row = { user_name: string; job: string; parent_sn: string };
    const page = (pageIndex: number) =>
      call<{ total: number; data: Row[] }>(t, t2, '/api/aiUserDatasapi', { pageIndex, pageSize: 3 });
    const pages = [await page(0), await page(1), await page(2)];
    assert.deepEqual(
      pages.map((p) => p.total),
      [7, 7, 7],
    );
    const rows = pages.flatMap((p) => p.data);
    assert.deepEqual(
      rows.map((r) => r.user_name),
      ['page01', 'page02', 'page03', 'page04', 'page05', 'page06', 'page07'],
    );
    assert.deepEqual(
      rows.slice(4).map((r) => r.job),
      ['', '坐席', '组长'],
    );
    assert.ok(rows.every((r) => r.parent_sn === t2.user_name));
  });

  it('2.1.4 updates a sub-account; the new password works for login', async () => {
    const upd = await call<Body>(t, s, '/api/aiUserUpdateapi', {
      user_name: 'agent01',
      contact: '李四',
      password: 'newpass1',
      re_password: 'newpass1',
      max_call_count: 2,
    });
    assert.equal(upd.code, 0);
    const login = await call<Body>(t, null, '/api/login', {
      username: 'agent01',
      password: 'newpass1',
      from: 2,
    });
    assert.equal(login.code, 0);
    const list = await call<{ data: { contact: string; max_call_count: number }[] }>(
      t,
      s,
      '/api/aiUserDatasapi',
    );
    assert.deepEqual([list.data[0]!.contact, list.data[0]!.max_call_count], ['李四', 2]);
  });

  it('a sub-account without the permission gets 20007', async () => {
    const login = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
      username: 'agent01',
      password: 'newpass1',
      from: 2,
    });
    const agent = { api_key: login.data.api_key, user_sn: login.data.user_sn };
    const denied = await call<Body>(t, agent, '/api/aiUserSaveapi', {
      user_name: 'x1',
      contact: 'x',
      password: 'secret12',
      re_password: 'secret12',
      max_call_count: 1,
    });
    assert.equal(denied.code, 20007);
    // Calling hours are readable by everyone in the team.
    assert.equal((await call<Body>(t, agent, '/api/callTimeList')).code, 0);
  });

  it('organization_id 0 or empty means the team root organization (what clients send for "none")', async () => {
    const orgOf = async (name: string) => {
      const list = await call<{ data: { user_name: string; organization_id: number | null }[] }>(
        t,
        s,
        '/api/aiUserDatasapi',
        { user_name: name },
      );
      return list.data.find((r) => r.user_name === name)?.organization_id;
    };
    const root = await orgOf('agent01');
    assert.equal(typeof root, 'number');
    const zero = await addSub(s, 'org_zero', { organization_id: 0 });
    assert.equal(zero.code, 0, String(zero.msg));
    assert.equal(await orgOf('org_zero'), root);
    const empty = await addSub(s, 'org_empty', { organization_id: '' });
    assert.equal(empty.code, 0, String(empty.msg));
    assert.equal(await orgOf('org_empty'), root);
    const upd = await call<Body>(t, s, '/api/aiUserUpdateapi', {
      user_name: 'org_zero',
      organization_id: '0',
    });
    assert.equal(upd.code, 0, String(upd.msg));
    assert.equal(await orgOf('org_zero'), root);
    const unknown = await addSub(s, 'org_unknown', { organization_id: 987654 });
    assert.equal(unknown.code, 40004);
    assert.equal(await orgOf('org_unknown'), undefined, 'nothing written');
    await call(t, s, '/api/aiUserDeleteapi', { entityInstanceId: ['org_zero', 'org_empty'] });
  });

  it('2.3.1 and 3.2 parent_sn is the team main account whoever asks', async () => {
    const roles = await call<{ data: { id: number; name: string }[] }>(t, s, '/api/roleGetapi');
    const admin = roles.data.find((r) => r.name === '管理员')!;
    assert.equal((await addSub(s, 'parent_probe', { role_id: admin.id })).code, 0);
    const login = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
      username: 'parent_probe',
      password: 'secret12',
      from: 2,
    });
    const sub = { api_key: login.data.api_key, user_sn: login.data.user_sn };
    await call(t, s, '/api/skillGroupSaveapi', { skillgroup_name: '归属组' });
    for (const who of [s, sub]) {
      const r = await call<{ data: { parent_sn: string }[] }>(t, who, '/api/roleGetapi');
      assert.deepEqual([...new Set(r.data.map((x) => x.parent_sn))], [s.user_name]);
      const g = await call<{ data: { parent_sn: string }[] }>(t, who, '/api/skillGroupListsDataapii');
      assert.deepEqual([...new Set(g.data.map((x) => x.parent_sn))], [s.user_name]);
    }
    await call(t, s, '/api/aiUserDeleteapi', { entityInstanceId: ['parent_probe'] });
  });

  it('2.1.3 deletes by user name with the rst envelope; the main account cannot be deleted', async () => {
    await addSub(s, 'agent09');
    const res = await call<Body>(t, s, '/api/aiUserDeleteapi', {
      pkey: 'user_name',
      entityInstanceId: ['agent09', s.user_name, 'nobody'],
    });
    assert.deepEqual(res, { rst: '200', msg: '', success_num: 1, not_allowed: 2, fail_num: 0 });
    const asString = await call<Body>(t, s, '/api/aiUserDeleteapi', {
      pkey: 'user_name',
      entityInstanceId: '["agent01"]',
    });
    assert.equal(asString.success_num, 1, 'a JSON-encoded array string is accepted');
  });

  it('2.2.1 lists extensions in {code,data:{total,list}}', async () => {
    const res = await call<{ code: number; data: { total: number; list: unknown[] } }>(
      t,
      s,
      '/api/getExtDatasapi',
      { ext: '' },
    );
    assert.equal(res.code, 0);
    assert.equal(res.data.total, 0);
    assert.deepEqual(res.data.list, []);
  });

  it('2.3.x creates, lists, updates and deletes skill groups', async () => {
    const created = await call<{ code: number; data: { skillgroup_sn: string } }>(
      t,
      s,
      '/api/skillGroupSaveapi',
      {
        skillgroup_name: '售前组',
        strategy: '1',
        skillgroup_no_agent: 2,
      },
    );
    assert.equal(created.code, 0);
    const sn = created.data.skillgroup_sn;
    assert.match(sn, /^SKILLGROUP/);
    const list = await call<{ total: number; data: Record<string, unknown>[] }>(
      t,
      s,
      '/api/skillGroupListsDataapii',
      {
        skillgroups_name: '售前',
        pageSize: '5',
        pageIndex: '0',
      },
    );
    assert.equal(list.total, 1);
    assert.equal(list.data[0]!.skillgroup_name, '售前组');
    assert.equal(list.data[0]!.strategy, '1');
    const bad = await call<Body>(t, s, '/api/skillGroupUpdateapi', {
      pkey: 'skillgroup_sn',
      entityInstanceId: sn,
      skillgroup_name: 'x',
      strategy: 9,
    });
    assert.equal(bad.code, 20002);
    const upd = await call<Body>(t, s, '/api/skillGroupUpdateapi', {
      pkey: 'skillgroup_sn',
      entityInstanceId: sn,
      skillgroup_name: '售后组',
    });
    assert.equal(upd.code, 0);
    const del = await call<Body>(t, s, '/api/skillGroupDeleteapi', {
      entityInstanceId: JSON.stringify([sn]),
    });
    assert.deepEqual(del, { rst: '200', msg: '', success_num: 1, fail_num: 0 });
  });
});
