// The line a task dials on (compat-notes "Task creation"): 5.7.1, 5.7.2 and /api/addJson take `trunkgroup_sn`, the
// field 5.1 lists; a malformed one is 20002, an unknown one (another team's included) 40004, and nothing is created.
// The dialer then places the task's calls on that line and no other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { addLine, addScript, dialTenant, drive, recordsOf, taskRow } from '../support/dial-factories.js';
import { multipart } from '../support/multipart.js';
import { buildTestApp, call, type Session } from '../support/test-app.js';

type Body<T = Record<string, unknown>> = { code: number; msg: string; data: T };
interface Created {
  dial_task_main_id: number;
  dial_task_main_sn: string;
}

// Monday 2025-01-06 10:00 in Shanghai.
const START = new Date('2025-01-06T02:00:00Z');

describe('task line choice: trunkgroup_sn on task creation', async () => {
  const clock = new VirtualClock(START);
  const t = await buildTestApp({}, clock);
  const { app } = t;
  const tenant = await dialTenant(app, { name: '线路选择' });
  const other = await dialTenant(app, { name: '别的团队' });
  const s = await signIn(tenant.creds.user_name, tenant.creds.password);
  const scriptId = await addScript(app.db, tenant.teamId);
  const script = await app.db.system
    .selectFrom('scripts')
    .select('sn')
    .where('id', '=', scriptId)
    .executeTakeFirstOrThrow();
  // A second line that is not the default: choosing it must be what puts calls on it.
  const chosen = await addLine(app.db, tenant.teamId, {
    name: '选定线路',
    isDefault: false,
    config: { seed: 'line-choice', outcomes: { answered: 1 } },
  });
  const base = { project_sn: script.sn, ai_user_sn: s.user_sn };
  const rows = (...phones: string[]) => JSON.stringify({ data: phones.map((p) => ({ 电话: p })) });

  async function signIn(username: string, password: string): Promise<Session> {
    const res = await call<Body<{ api_key: string; user_sn: string }>>(t, null, '/api/login', {
      username,
      password,
      from: '2',
    });
    return { ...tenant.creds, user_name: username, password, ...res.data };
  }

  async function taskCount(): Promise<number> {
    const r = await app.db.system
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('team_id', '=', tenant.teamId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async function listedLine(sn: string): Promise<unknown> {
    const listed = await call<Body<{ list: { dial_task_main_sn: string; trunkgroup_sn: unknown }[] }>>(
      t,
      s,
      '/api/index',
      { dial_task_main_sn: sn, start_create_at: '2000-01-01' },
    );
    assert.equal(listed.code, 0, listed.msg);
    return listed.data.list[0]?.trunkgroup_sn;
  }

  it('refuses a malformed line with 20002 and an unknown one with 40004, creating nothing', async () => {
    const before = await taskCount();
    for (const bad of ['abc', '-3', '1.5', '0', '99999999999999999999']) {
      const r = await call<Body>(t, s, '/api/addJsonOfAsync', {
        ...base,
        source: '坏线路',
        trunkgroup_sn: bad,
        client_info_json: rows('13800000001'),
      });
      assert.equal(r.code, 20002, `${bad}: ${r.msg}`);
      assert.match(r.msg, /trunkgroup_sn/);
    }
    for (const unknown of ['999999', other.sandboxLineId]) {
      const r = await call<Body>(t, s, '/api/addJson', {
        ...base,
        source: '未知线路',
        trunkgroup_sn: unknown,
        client_info_json: rows('13800000001'),
      });
      assert.equal(r.code, 40004, `${unknown}: ${r.msg}`);
      assert.match(r.msg, /^线路不存在/);
    }
    const upload = multipart(
      { api_key: s.api_key, user_sn: s.user_sn, ...base, source: '上传坏线路', trunkgroup_sn: '999999' },
      [{ field: 'upload', filename: 'numbers.csv', content: Buffer.from('电话\n13800000001\n') }],
    );
    const res = await t.http.inject({ method: 'POST', url: '/api/addExcelOfAsync', ...upload });
    assert.equal(res.json<Body>().code, 40004);
    assert.equal(await taskCount(), before, 'nothing created');
  });

  it('stores the chosen line from each creating endpoint and lists it as trunkgroup_sn', async () => {
    const sync = await call<Body<Created>>(t, s, '/api/addJson', {
      ...base,
      source: '同步选线',
      trunkgroup_sn: Number(chosen),
      client_info_json: rows('13800000011'),
    });
    assert.equal(sync.code, 0, sync.msg);
    const upload = multipart(
      { api_key: s.api_key, user_sn: s.user_sn, ...base, source: '上传选线', trunkgroup_sn: chosen },
      [{ field: 'upload', filename: 'numbers.csv', content: Buffer.from('电话\n13800000012\n') }],
    );
    const uploaded = (await t.http.inject({ method: 'POST', url: '/api/addExcelOfAsync', ...upload })).json<
      Body<Created>
    >();
    assert.equal(uploaded.code, 0, uploaded.msg);
    const plain = await call<Body<Created>>(t, s, '/api/addJsonOfAsync', {
      ...base,
      source: '默认线路',
      trunkgroup_sn: '',
      client_info_json: rows('13800000013'),
    });
    assert.equal(plain.code, 0, plain.msg);
    assert.equal(await listedLine(sync.data.dial_task_main_sn), chosen);
    assert.equal(await listedLine(uploaded.data.dial_task_main_sn), chosen);
    assert.equal(await listedLine(plain.data.dial_task_main_sn), '', 'no choice: the team default');
  });

  it('dials a task on its chosen line, and a task without one on the default line', async () => {
    const onChosen = await call<Body<Created>>(t, s, '/api/addJsonOfAsync', {
      ...base,
      source: '选线外呼',
      is_zidong: 'on',
      trunkgroup_sn: chosen,
      client_info_json: rows('13800000021', '13800000022', '13800000023'),
    });
    const onDefault = await call<Body<Created>>(t, s, '/api/addJsonOfAsync', {
      ...base,
      source: '默认外呼',
      is_zidong: 'on',
      client_info_json: rows('13800000031'),
    });
    assert.deepEqual([onChosen.code, onDefault.code], [0, 0]);
    await app.jobs.drain();
    const ids = [onChosen, onDefault].map((c) => String(c.data.dial_task_main_id));
    app.dialer.start();
    for (let i = 0; i < 600; i++) {
      const states = await Promise.all(ids.map((id) => taskRow(app.db, id)));
      if (states.every((row) => row.status === 1)) break;
      await drive(clock, app.dialer, 1_000);
    }
    await app.dialer.stop();
    const [chosenRecords, defaultRecords] = await Promise.all(ids.map((id) => recordsOf(app.db, id)));
    assert.equal(chosenRecords?.length, 3);
    assert.deepEqual(new Set(chosenRecords?.map((r) => String(r.line_id))), new Set([chosen]));
    assert.deepEqual(
      defaultRecords?.map((r) => String(r.line_id)),
      [tenant.sandboxLineId],
      'the default line',
    );
  });
});
