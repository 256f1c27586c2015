import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../src/lib/clock.js';
import { FixedClock } from '../support/fixed-clock.js';
import {
  insertRecord,
  insertScript,
  insertTask,
  tenantIds,
  type TurnInput,
} from '../support/record-factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = Record<string, unknown> & { code: number; msg: string };
type Settings = { analytics_url: string; analytics_interval: number; analytics_last_at: string };

const sh = (text: string) => parseDateTime(text, 'Asia/Shanghai')!;
const MIN = 60_000;

describe('7.7 analytics push', async () => {
  const clock = new FixedClock(sh('2024-10-08 10:00:00'));
  const t = await buildTestApp({}, clock);
  const a = await newTenant(t, '分析A');
  const b = await newTenant(t, '分析B');
  const c = await newTenant(t, '分析C');
  const A = await tenantIds(t, a);
  const B = await tenantIds(t, b);
  const C = await tenantIds(t, c);

  const script = await insertScript(t, A.teamId, '催缴话术');
  const running = await insertTask(t, A.teamId, {
    accountId: A.accountId,
    scriptId: script.id,
    name: '测试任务编号',
    status: 0,
    counts: { total_count: 15, send_count: 15, success: 8 },
    startedAt: sh('2024-10-08 09:00:00'),
    updatedAt: sh('2024-10-08 09:59:00'),
  });
  const idle = await insertTask(t, A.teamId, {
    accountId: A.accountId,
    scriptId: script.id,
    name: '早已结束',
    status: 1,
    updatedAt: sh('2024-09-01 09:00:00'),
  });

  const opening: TurnInput = { caption: '您好', title: '01打招呼+开场白', answer: '嗯' };
  const intro: TurnInput = { caption: '我们是', title: '02企业介绍', answer: '然后呢' };
  const created = sh('2024-10-08 09:30:00');
  const calleeEnded = (turns: TurnInput[]) =>
    insertRecord(t, A.teamId, { taskId: running.id, createdAt: created, hangupBy: 'callee', turns });
  for (let i = 0; i < 5; i++) await calleeEnded([opening]);
  await calleeEnded([opening, intro]);
  await calleeEnded([]); // no node known: left out
  await insertRecord(t, A.teamId, {
    taskId: running.id,
    createdAt: created,
    hangupBy: 'robot',
    turns: [intro],
  });
  await insertRecord(t, A.teamId, { taskId: running.id, createdAt: created, result: '关机', turns: [] });
  await insertRecord(t, A.teamId, {
    taskId: running.id,
    createdAt: sh('2024-10-08 09:40:00'),
    turns: [
      { ...intro, answer: '你们在哪里', labelling: 'no_match' },
      { ...intro, answer: '好的', match: 'branch' },
    ],
  });
  for (const at of ['2024-10-08 09:20:00', '2024-10-08 09:35:00']) {
    await insertRecord(t, A.teamId, {
      taskId: running.id,
      createdAt: sh(at),
      turns: [{ ...opening, answer: '就是咨询,谢谢。', match: 'noMatch' }],
    });
  }

  const pushes = (teamId: string) =>
    t.app.db.system
      .selectFrom('push_events')
      .select(['kind', 'order_key', 'target_url', 'status', 'payload'])
      .where('team_id', '=', teamId)
      .orderBy('id')
      .execute();

  it('settings: validated, read back; an empty URL turns the push off', async () => {
    const bad = await call<Body>(t, a, '/ext/setAnalyticsPush', { analytics_url: 'ftp://x/y' });
    assert.equal(bad.code, 20002);
    assert.match(bad.msg, /analytics_url/);
    const slow = await call<Body>(t, a, '/ext/setAnalyticsPush', {
      analytics_url: 'http://127.0.0.1:9/a',
      analytics_interval: 0,
    });
    assert.equal(slow.code, 20002);
    const none = await call<{ data: Settings }>(t, a, '/ext/getAnalyticsPush');
    assert.deepEqual(none.data, { analytics_url: '', analytics_interval: 10, analytics_last_at: '' });
    const ok = await call<Body & { data: Settings }>(t, a, '/ext/setAnalyticsPush', {
      analytics_url: 'http://127.0.0.1:9/analytics',
      analytics_interval: '5',
    });
    assert.equal(ok.code, 0);
    assert.equal(ok.msg, 'SUCCESS');
    assert.deepEqual(ok.data, {
      analytics_url: 'http://127.0.0.1:9/analytics',
      analytics_interval: 5,
      analytics_last_at: '',
    });
    const off = await call<Body>(t, c, '/ext/setAnalyticsPush', { analytics_url: '' });
    assert.equal(off.code, 0);
  });

  it('pushes one snapshot per reported task, exactly as 7.7 shows it', async () => {
    const queued = await t.app.services.analytics.pushDue();
    assert.equal(queued, 1, 'the running task only: the idle one has not changed');
    const [event] = await pushes(A.teamId);
    assert.equal(event!.kind, 'analytics');
    assert.equal(event!.order_key, running.sn);
    assert.equal(event!.target_url, 'http://127.0.0.1:9/analytics');
    assert.equal(event!.status, 'pending');
    assert.deepEqual(event!.payload, {
      dial_task_main_data: {
        dial_task_main_sn: running.sn,
        source: '测试任务编号',
        project_sn: script.sn,
        project_caption: '催缴话术',
        started_at: '2024-10-08 09:00:00',
        stoped_at: null,
        status: 0,
        total_count: 15,
        send_count: 15,
        success: 8,
        operator: a.user_name,
        user_name: a.user_name,
        remark: null,
      },
      hang_up_data: [
        { hangUpCount: 5, hangUpRate: 83.33, hangUpName: '01打招呼+开场白' },
        { hangUpCount: 1, hangUpRate: 16.67, hangUpName: '02企业介绍' },
      ],
      out_of_key_data: ['你们在哪里', '就是咨询,谢谢。'],
    });
    assert.equal((await pushes(C.teamId)).length, 0, 'a team with the push off gets nothing');
    assert.equal((await pushes(B.teamId)).length, 0);
    assert.ok(!JSON.stringify(event!.payload).includes(idle.sn));
  });

  it('waits for the interval, then pushes again; the last push time is shown', async () => {
    assert.equal(await t.app.services.analytics.pushDue(), 0);
    clock.advance(4 * MIN);
    assert.equal(await t.app.services.analytics.pushDue(), 0);
    clock.advance(1 * MIN);
    assert.equal(await t.app.services.analytics.pushDue(), 1);
    assert.equal((await pushes(A.teamId)).length, 2);
    const s = await call<{ data: Settings }>(t, a, '/ext/getAnalyticsPush');
    assert.equal(s.data.analytics_last_at, '2024-10-08 10:05:00');
  });

  it('a failing team is skipped and retried; the others are pushed', async () => {
    // Team B: a task whose start time cannot be formatted in its (broken) zone.
    const bScript = await insertScript(t, B.teamId);
    await insertTask(t, B.teamId, { accountId: B.accountId, scriptId: bScript.id, startedAt: new Date() });
    await call(t, b, '/ext/setAnalyticsPush', { analytics_url: 'http://127.0.0.1:9/b' });
    await t.app.db.system
      .updateTable('teams')
      .set({ timezone: 'Not/AZone' })
      .where('id', '=', B.teamId)
      .execute();
    clock.advance(5 * MIN);
    assert.equal(await t.app.services.analytics.pushDue(), 1, "A's push still goes out");
    assert.equal((await pushes(B.teamId)).length, 0);
    await t.app.db.system
      .updateTable('teams')
      .set({ timezone: 'Asia/Shanghai' })
      .where('id', '=', B.teamId)
      .execute();
    assert.equal(
      await t.app.services.analytics.pushDue(),
      1,
      'B is due again at once: its period was not used',
    );
    assert.equal((await pushes(B.teamId)).length, 1);
  });

  it('turning the push off stops it', async () => {
    await call(t, a, '/ext/setAnalyticsPush', { analytics_url: '' });
    clock.advance(60 * MIN);
    const before = (await pushes(A.teamId)).length;
    await t.app.services.analytics.pushDue();
    assert.equal((await pushes(A.teamId)).length, before);
  });
});
