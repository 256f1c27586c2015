import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { SANDBOX_PERSONAS } from '../../src/telephony/simulator/sandbox-personas.js';
import {
  addLine,
  addScript,
  addTask,
  dialTenant,
  drive,
  phones,
  recordsOf,
  taskRow,
} from '../support/dial-factories.js';
import { buildTestApp, call } from '../support/test-app.js';

type Body = { code: number; msg: string; data?: unknown };
type Detail = {
  code: number;
  data: { customer: Record<string, unknown>; timeline: Record<string, unknown>[] };
};

// Monday 2025-01-06 10:00 in Shanghai.
const START = new Date('2025-01-06T02:00:00Z');
const QUALIFYING = new Set(['A', 'B']);

describe('AI pre-screening: graded callees land in the task owner’s private pool, once each', async () => {
  const clock = new VirtualClock(START);
  const t = await buildTestApp({}, clock);
  const { app } = t;
  const tenant = await dialTenant(app, { aiCount: 4 });
  const login = async () => {
    const r = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
      username: tenant.creds.user_name,
      password: tenant.creds.password,
      from: 2,
    });
    return r.data;
  };
  const interested = SANDBOX_PERSONAS.find((p) => p.name === 'interested')!;
  await addLine(app.db, tenant.teamId, {
    capacity: 8,
    config: { seed: 'prescreen', outcomes: { answered: 1 }, personas: [{ ...interested, weight: 1 }] },
  });
  const scriptId = await addScript(app.db, tenant.teamId);
  const list = phones(8, '1330000');
  const session = await login();
  const set = await call<Body>(t, session, '/ext/customer/settings/set', { prescreen_grades: 'A,B' });
  assert.equal(set.code, 0, set.msg);

  async function runTask(name: string) {
    const task = await addTask(app.db, tenant.teamId, {
      accountId: tenant.accountId,
      scriptId,
      name,
      phones: list,
    });
    app.dialer.start();
    for (let i = 0; i < 3000 && (await taskRow(app.db, task.id)).status === 0; i++) {
      await drive(clock, app.dialer, 1_000);
    }
    await app.dialer.stop();
    assert.equal((await taskRow(app.db, task.id)).status, 1, 'task finished');
    return task;
  }

  const customers = () =>
    app.db.system
      .selectFrom('customers')
      .select(['phone', 'owner_id', 'follow_set_id', 'grade', 'source_task_id'])
      .where('team_id', '=', tenant.teamId)
      .orderBy('phone')
      .execute();

  it('a task’s A/B callees become the owner’s private customers with the call on their timeline', async () => {
    const task = await runTask('预筛任务一');
    const records = await recordsOf(app.db, task.id);
    assert.equal(records.length, list.length);
    const graded = records
      .filter((r) => QUALIFYING.has(r.grade))
      .map((r) => r.phone)
      .sort();
    assert.ok(graded.length >= 2, `some callees graded A/B (${records.map((r) => r.grade).join('')})`);
    const rows = await customers();
    assert.deepEqual(
      rows.map((c) => c.phone),
      graded,
    );
    assert.ok(
      rows.every(
        (c) => c.owner_id === tenant.accountId && c.follow_set_id === 0 && c.source_task_id === task.id,
      ),
    );
    const pushes = await app.db.system
      .selectFrom('push_events')
      .select('payload')
      .where('team_id', '=', tenant.teamId)
      .where('kind', '=', 'customer')
      .execute();
    assert.equal(pushes.length, graded.length);
    const detail = await call<Detail>(t, await login(), '/ext/customer/detail', { phone: graded[0] });
    assert.equal(detail.code, 0);
    const calls = detail.data.timeline.filter((e) => e.type === 'call');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.dial_task_main_sn, task.sn);
    assert.ok(QUALIFYING.has(String(calls[0]!.status)));
  });

  it('a redial that grades A/B again adds a call to the timeline, not a second customer', async () => {
    const before = await customers();
    const task = await runTask('预筛任务二');
    const records = await recordsOf(app.db, task.id);
    const again = records.filter((r) => QUALIFYING.has(r.grade)).map((r) => r.phone);
    const after = await customers();
    const expected = [...new Set([...before.map((c) => c.phone), ...again])].sort();
    assert.deepEqual(
      after.map((c) => c.phone),
      expected,
    );
    const moves = await app.db.system
      .selectFrom('customer_moves')
      .select(['phone'])
      .where('team_id', '=', tenant.teamId)
      .where('action', '=', 'prescreen')
      .execute();
    assert.equal(moves.length, after.length, 'one pre-screening move per customer');
    const both = before.map((c) => c.phone).find((p) => again.includes(p));
    assert.ok(both, 'a callee graded A/B in both tasks');
    const detail = await call<Detail>(t, await login(), '/ext/customer/detail', { phone: both });
    assert.equal(detail.data.timeline.filter((e) => e.type === 'call').length, 2);
  });

  it('manual re-classification withdraws an untouched pre-screened customer and admits a newly graded one', async () => {
    const s = await login();
    const [first] = await customers();
    const record = await app.db.system
      .selectFrom('call_records')
      .select(['sn', 'task_id'])
      .where('phone', '=', first!.phone)
      .where('task_id', '=', first!.source_task_id)
      .executeTakeFirstOrThrow();
    assert.equal(
      (await call<Body>(t, s, '/ext/setStatusManual', { accounts_sn: record.sn, status_manual: 'D' })).code,
      0,
    );
    assert.equal(
      (await customers()).some((c) => c.phone === first!.phone),
      false,
    );
    assert.equal(
      (await call<Body>(t, s, '/ext/setStatusManual', { accounts_sn: record.sn, status_manual: 'a' })).code,
      0,
    );
    const back = (await customers()).find((c) => c.phone === first!.phone);
    assert.equal(back?.owner_id, tenant.accountId);
    assert.equal(back?.grade, 'A');
    const trail = await app.db.system
      .selectFrom('customer_moves')
      .select('action')
      .where('phone', '=', first!.phone)
      .orderBy('id')
      .execute();
    assert.deepEqual(trail.map((m) => m.action).slice(-2), ['reclassify', 'reclassify']);
  });

  it('a task may override the team default: public pool for this task', async () => {
    const s = await login();
    const task = await addTask(app.db, tenant.teamId, { accountId: tenant.accountId, scriptId, phones: [] });
    const r = await call<Body>(t, s, '/ext/customer/taskPrescreen', {
      dial_task_main_sn: task.sn,
      prescreen_grades: ['a', 'b', 'c'],
      prescreen_pool: 'public',
    });
    assert.deepEqual(r.data, {
      dial_task_main_sn: task.sn,
      prescreen_grades: ['A', 'B', 'C'],
      prescreen_pool: 'public',
      inherited: false,
    });
    const bad = await call<Body>(t, s, '/ext/customer/taskPrescreen', {
      dial_task_main_sn: task.sn,
      prescreen_grades: 'AB',
    });
    assert.equal(bad.code, 20002);
    const unknown = await call<Body>(t, s, '/ext/customer/taskPrescreen', {
      dial_task_main_sn: 'dial_task_main_sn|0',
    });
    assert.equal(unknown.code, 40004);
  });
});
