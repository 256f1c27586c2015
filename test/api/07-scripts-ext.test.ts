import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  brokenScript,
  createScript,
  scriptIds,
  smallScript,
  type Saved,
} from '../support/script-factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = { code: number; msg: string; data?: unknown } & Record<string, unknown>;
interface ListBody {
  code: number;
  data: { total: number; list: { sn: string; project_caption: string; published_version: number | null }[] };
}
interface Versions {
  code: number;
  data: {
    version: number;
    published_version: number | null;
    total: number;
    list: { version: number; author: string; published: number; current: number; created_at: string }[];
  };
}

describe('ext /ext/scripts — versions, publish, import/export, delete', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '话术扩展');
  const other = await newTenant(t, '别的团队');

  it('starts a new tenant with the two demo scripts, published', async () => {
    const list = await call<ListBody>(t, s, '/ext/scripts/list');
    assert.equal(list.data.total, 2);
    assert.deepEqual(list.data.list.map((r) => r.project_caption).sort(), [
      '课程推广-免费试听邀约',
      '还款提醒-到期未还',
    ]);
    assert.ok(list.data.list.every((r) => r.published_version === 1));
  });

  it('creates a script as version 1, unpublished unless asked, with warnings allowed', async () => {
    const doc = smallScript();
    doc.nodes.orphan = { kind: 'hangup', title: '孤立节点' };
    const res = await call<Saved & { data: { warnings: { code: string }[] } }>(t, s, '/ext/scripts/create', {
      definition: JSON.stringify(doc),
      project_name: '运营商',
    });
    assert.equal(res.code, 0, res.msg);
    assert.equal(res.msg, '创建成功');
    assert.match(res.data.project_sn, /^projects\|[0-9a-f]{32}$/);
    assert.match(res.data.question_sn, /^\d{14}[A-Z]{3}$/);
    assert.equal(res.data.version, 1);
    assert.equal(res.data.published_version, null);
    assert.deepEqual(
      res.data.warnings.map((w) => w.code),
      ['unreachableNode'],
    );
  });

  it('rejects an invalid script with the full list of problems and stores nothing', async () => {
    const before = await call<ListBody>(t, s, '/ext/scripts/list');
    const res = await call<Saved>(t, s, '/ext/scripts/create', { definition: brokenScript() });
    assert.equal(res.code, 20002);
    assert.match(res.msg, /话术校验未通过/);
    assert.equal(Object.hasOwn(res, 'data'), false, 'errors carry no data key');
    const codes = (res.problems ?? []).map((p) => p.code);
    for (const code of ['danglingTarget', 'loopWithoutExit', 'emptyBranch']) {
      assert.ok(codes.includes(code), code);
    }
    const dangling = res.problems?.find((p) => p.code === 'danglingTarget');
    assert.equal(dangling?.path, 'nodes.go_nowhere.target');
    assert.match(dangling?.message ?? '', /missing_node/);
    const after = await call<ListBody>(t, s, '/ext/scripts/list');
    assert.equal(after.data.total, before.data.total);
    const garbage = await call<Saved>(t, s, '/ext/scripts/create', { definition: '{"nodes": 5' });
    assert.equal(garbage.code, 20002);
  });

  it('validates without saving: the problems with the nodes they concern, and keeps the canvas layout', async () => {
    const before = await call<ListBody>(t, s, '/ext/scripts/list');
    type Checked = { code: number; data: { ok: boolean; problems: { code: string; nodeId?: string }[] } };
    const broken = await call<Checked>(t, s, '/ext/scripts/validate', { definition: brokenScript() });
    assert.equal(broken.code, 0);
    assert.equal(broken.data.ok, false);
    const dangling = broken.data.problems.find((p) => p.code === 'danglingTarget');
    assert.equal(dangling?.nodeId, 'go_nowhere');
    const layout = { greet: { x: 10, y: 20 }, offer: { x: 300, y: 20 } };
    const good = await call<Checked>(t, s, '/ext/scripts/validate', { definition: smallScript({ layout }) });
    assert.equal(good.data.ok, true);
    const after = await call<ListBody>(t, s, '/ext/scripts/list');
    assert.equal(after.data.total, before.data.total, 'nothing saved');
    const saved = await createScript(t, s, smallScript({ layout }));
    const got = await call<{ data: { definition: { layout?: unknown } } }>(t, s, '/ext/scripts/get', {
      project_sn: saved.data.project_sn,
    });
    assert.deepEqual(got.data.definition.layout, layout);
  });

  it('keeps every version: update, list, get an old one, publish and roll back', async () => {
    const created = await createScript(t, s, smallScript(), { publish: false });
    const sn = created.data.project_sn;
    const v2 = smallScript({ name: '宽带续费提醒-第二版' });
    const upd = await call<Saved>(t, s, '/ext/scripts/update', {
      project_sn: sn,
      definition: v2,
      base_version: 1,
    });
    assert.equal(upd.code, 0, upd.msg);
    assert.equal(upd.data.version, 2);
    assert.equal(upd.data.published_version, null);
    assert.equal(upd.data.question_sn, created.data.question_sn, 'the entry id stays');

    const stale = await call<Body>(t, s, '/ext/scripts/update', {
      project_sn: sn,
      definition: v2,
      base_version: 1,
    });
    assert.equal(stale.code, 40009);

    const pub = await call<Body>(t, s, '/ext/scripts/publish', { project_sn: sn });
    assert.deepEqual(pub, { code: 0, msg: '发布成功', data: { project_sn: sn, published_version: 2 } });
    const back = await call<Body>(t, s, '/ext/scripts/publish', { project_sn: sn, version: '1' });
    assert.deepEqual(back.data, { project_sn: sn, published_version: 1 });
    assert.equal(
      (await call<Body>(t, s, '/ext/scripts/publish', { project_sn: sn, version: 9 })).code,
      40004,
    );

    const versions = await call<Versions>(t, s, '/ext/scripts/versions', { project_sn: sn });
    assert.equal(versions.data.total, 2);
    assert.deepEqual(
      versions.data.list.map((v) => [v.version, v.published, v.current, v.author]),
      [
        [2, 0, 1, s.user_name],
        [1, 1, 0, s.user_name],
      ],
    );
    assert.match(versions.data.list[0]!.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const old = await call<{
      data: { version: number; current_version: number; definition: { name: string } };
    }>(t, s, '/ext/scripts/get', { project_sn: sn, version: 1 });
    assert.equal(old.data.version, 1);
    assert.equal(old.data.current_version, 2);
    assert.equal(old.data.definition.name, '宽带续费提醒');
    const latest = await call<{ data: { version: number; project_caption: string } }>(
      t,
      s,
      '/ext/scripts/get',
      {
        project_sn: sn,
      },
    );
    assert.equal(latest.data.version, 2);
    assert.equal(latest.data.project_caption, '宽带续费提醒-第二版');
  });

  it('exports a version as a JSON download and imports it back, as a new version or a new script', async () => {
    const created = await createScript(t, s);
    const sn = created.data.project_sn;
    const res = await t.http.inject({
      method: 'GET',
      url: `/ext/scripts/export?api_key=${s.api_key}&user_sn=${encodeURIComponent(s.user_sn)}&project_sn=${encodeURIComponent(sn)}`,
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename=".*-v1\.json"; filename\*=UTF-8''/,
    );
    assert.ok(
      String(res.headers['content-disposition']).includes(encodeURIComponent('宽带续费提醒-v1.json')),
    );
    const exported = JSON.parse(res.body) as { name: string; version: number; knowledge: unknown[] };
    assert.equal(exported.name, '宽带续费提醒');
    assert.equal(exported.knowledge.length, 2);

    const again = await call<Saved>(t, s, '/ext/scripts/import', { json: res.body, project_sn: sn });
    assert.equal(again.code, 0, again.msg);
    assert.equal(again.data.project_sn, sn);
    assert.equal(again.data.version, 2);

    const boundary = 'xYzBoundary';
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="api_key"\r\n\r\n${s.api_key}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="user_sn"\r\n\r\n${s.user_sn}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="publish"\r\n\r\n1`,
      `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="s.json"\r\nContent-Type: application/json\r\n\r\n\uFEFF${res.body}`,
      `--${boundary}--\r\n`,
    ].join('\r\n');
    const uploaded = await t.http.inject({
      method: 'POST',
      url: '/ext/scripts/import',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    const imported = uploaded.json<Saved>();
    assert.equal(imported.code, 0, imported.msg);
    assert.notEqual(imported.data.project_sn, sn);
    assert.equal(imported.data.published_version, 1);

    const bad = await call<Saved>(t, s, '/ext/scripts/import', { json: JSON.stringify(brokenScript()) });
    assert.equal(bad.code, 20002);
    assert.ok((bad.problems ?? []).length >= 3);
    assert.equal((await call<Body>(t, s, '/ext/scripts/import', {})).code, 30001);
  });

  it('deletes softly: the sn stops resolving everywhere', async () => {
    const created = await createScript(t, s);
    const sn = created.data.project_sn;
    assert.deepEqual(await call<Body>(t, s, '/ext/scripts/delete', { project_sn: sn }), {
      code: 0,
      msg: '删除成功',
    });
    assert.equal((await call<Body>(t, s, '/ext/scripts/get', { project_sn: sn })).code, 40004);
    assert.equal((await call<Body>(t, s, '/ext/scripts/delete', { project_sn: sn })).code, 40004);
    assert.equal((await call<Body>(t, s, '/api/templatedata', { project_sn: sn })).code, 40004);
    const list = await call<ListBody>(t, s, '/ext/scripts/list', { pageSize: 100 });
    assert.ok(!list.data.list.some((r) => r.sn === sn));
  });

  it("never touches another team's script: 40004 for every operation", async () => {
    const mine = await createScript(t, s);
    const sn = mine.data.project_sn;
    for (const [path, extra] of [
      ['/ext/scripts/get', {}],
      ['/ext/scripts/versions', {}],
      ['/ext/scripts/publish', {}],
      ['/ext/scripts/update', { definition: smallScript() }],
      ['/ext/scripts/delete', {}],
    ] as const) {
      const res = await call<Body>(t, other, path, { project_sn: sn, ...extra });
      assert.equal(res.code, 40004, path);
    }
    assert.equal((await call<Body>(t, s, '/ext/scripts/get', { project_sn: sn })).code, 0);
  });

  it('compiledForDial: the published version, cached; 40009 unpublished, 40004 deleted', async () => {
    const created = await createScript(t, s);
    const { teamId, scriptId } = await scriptIds(t, created.data.project_sn);
    const scripts = t.app.services.script;
    const first = await scripts.compiledForDial(teamId, scriptId);
    assert.equal(first.version, 1);
    assert.equal(first.sn, created.data.project_sn);
    assert.equal(first.compiled.mainEntry, 'greet');
    assert.equal((await scripts.compiledForDial(teamId, scriptId)).compiled, first.compiled, 'cached');

    await call(t, s, '/ext/scripts/update', {
      project_sn: created.data.project_sn,
      definition: smallScript({ name: '第二版' }),
      publish: 1,
    });
    const second = await scripts.compiledForDial(teamId, scriptId);
    assert.equal(second.version, 2);
    assert.equal(second.compiled.name, '第二版');

    const draft = await createScript(t, s, smallScript(), { publish: false });
    const ids = await scriptIds(t, draft.data.project_sn);
    await assert.rejects(scripts.compiledForDial(ids.teamId, ids.scriptId), { code: 40009 });
    await call(t, s, '/ext/scripts/delete', { project_sn: created.data.project_sn });
    await assert.rejects(scripts.compiledForDial(teamId, scriptId), { code: 40004 });
    const otherTeam = await scriptIds(t, (await createScript(t, other)).data.project_sn);
    await assert.rejects(scripts.compiledForDial(otherTeam.teamId, scriptId), { code: 40004 });
  });

  it('needs script.manage to write: a sub-account whose role holds only script.view gets 20007', async () => {
    const role = await call<{ data: { id: number } }>(t, s, '/api/doRoleaddapi', {
      name: '只读话术',
      permission: [401],
    });
    const user = `scriptro${Date.now() % 100000}`;
    const sub = await call<Body>(t, s, '/api/aiUserSaveapi', {
      user_name: user,
      contact: '只读',
      password: 'secret12',
      re_password: 'secret12',
      role_id: role.data.id,
      max_call_count: 1,
    });
    assert.equal(sub.code, 0, sub.msg);
    const login = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
      username: user,
      password: 'secret12',
      from: 2,
    });
    const agent = { api_key: login.data.api_key, user_sn: login.data.user_sn };
    assert.equal(
      (await call<Body>(t, agent, '/ext/scripts/create', { definition: smallScript() })).code,
      20007,
    );
    assert.equal((await call<Body>(t, agent, '/ext/scripts/list')).code, 0);
    assert.equal((await call<Body>(t, agent, '/api/templatelist')).code, 0);
  });
});
