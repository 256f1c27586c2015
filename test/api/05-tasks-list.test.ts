import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../src/lib/clock.js';
import {
  agentSession,
  insertTask,
  insertTaskNumbers,
  insertTaskScript,
  taskOwner,
} from '../support/factories.js';
import { FixedClock } from '../support/fixed-clock.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

const TZ = 'Asia/Shanghai';
const at = (text: string) => parseDateTime(text, TZ)!;

interface ListBody {
  code: number;
  msg: string;
  data: { total: number; list: Record<string, unknown>[] };
}

const ITEM_FIELDS = [
  'dial_task_main_id',
  'dial_task_main_sn',
  'status',
  'user_sn',
  'user_name',
  'team_sn',
  'team_name',
  'created_at',
  'last_modify',
  'started_at',
  'stoped_at',
  'total_count',
  'send_count',
  'unsend_count',
  'success',
  'fail',
  'stops',
  'percent',
  'remark',
  'ring_groups',
  'priority',
  'project_sn',
  'project_caption',
  'percentage',
  'source',
  'batch',
  'trunkgroup_sn',
  'caller_group',
  'mark',
  'operator',
  'parent_sn',
  'task_type',
  'ai_distribution_type',
  'status_code',
  'status_reason',
];

describe('5.1 /api/index', async () => {
  const clock = new FixedClock(at('2024-10-08 10:00:00'));
  const t = await buildTestApp({}, clock);
  const s = await newTenant(t, '任务列表');
  const owner = await taskOwner(t, s);
  const script = await insertTaskScript(t, owner, { caption: '贷款话术' });
  const today = await insertTask(t, owner, {
    scriptId: script.id,
    name: '十月活动(一)',
    batch: 'hln20241008',
    remark: '备注',
    status: 0,
    createdAt: at('2024-10-08 09:00:00'),
    startedAt: at('2024-10-08 09:05:00'),
  });
  await insertTaskNumbers(t, today, [
    { status: 2, lastResult: 'answered' },
    { status: 2, lastResult: 'answered' },
    { status: 2, lastResult: '无人应答' },
    { status: 2, lastResult: '关机' },
    { status: 0 },
    { status: 3 },
  ]);
  const yesterday = await insertTask(t, owner, { name: '九月活动', createdAt: at('2024-10-07 23:59:59') });
  await insertTask(t, owner, { name: '已删除', createdAt: at('2024-10-08 08:00:00'), deletedAt: new Date() });

  it('lists today in the team zone by default with every documented field', async () => {
    const body = await call<ListBody>(t, s, '/api/index');
    assert.equal(body.code, 0);
    assert.equal(body.data.total, 1, 'yesterday and the deleted task are not listed');
    const item = body.data.list[0]!;
    for (const f of ITEM_FIELDS) assert.ok(f in item, `missing ${f}`);
    assert.equal(item.dial_task_main_id, Number(today.id));
    assert.equal(item.dial_task_main_sn, today.sn);
    assert.equal(item.status, '发送中');
    assert.equal(item.status_code, 0);
    assert.equal(item.user_sn, s.user_sn);
    assert.equal(item.user_name, s.user_name);
    assert.equal(item.operator, s.user_name);
    assert.equal(item.parent_sn, null, 'a main account has no parent');
    assert.equal(item.created_at, '2024-10-08 09:00:00');
    assert.equal(item.started_at, '2024-10-08 09:05:00');
    assert.equal(item.stoped_at, null);
    assert.equal(item.source, '十月活动(一)');
    assert.equal(item.batch, 'hln20241008');
    assert.equal(item.project_sn, script.sn);
    assert.equal(item.project_caption, '贷款话术');
  });

  it('reports the counters, unsend_count and the answered share of dialed numbers', async () => {
    const item = (await call<ListBody>(t, s, '/api/index')).data.list[0]!;
    assert.deepEqual(
      [item.total_count, item.send_count, item.unsend_count, item.success, item.fail, item.stops],
      [6, 4, 2, 2, 2, 1],
    );
    assert.equal(item.percent, '50%');
  });

  it('shows 0% for a task nothing was dialed from', async () => {
    const body = await call<ListBody>(t, s, '/api/index', {
      dial_task_main_sn: yesterday.sn,
      start_create_at: '2024-01-01',
    });
    assert.equal(body.data.list[0]?.percent, '0%');
    assert.equal(body.data.list[0]?.status, '未开始');
  });

  it('applies a date window (date-only end covers the whole day)', async () => {
    const both = await call<ListBody>(t, s, '/api/index', {
      start_create_at: '2024-10-07',
      end_create_at: '2024-10-08',
    });
    assert.equal(both.data.total, 2);
    const first = await call<ListBody>(t, s, '/api/index', {
      start_create_at: '2024-10-07 00:00:00',
      end_create_at: '2024-10-07 23:59:59',
    });
    assert.deepEqual(
      first.data.list.map((i) => i.dial_task_main_sn),
      [yesterday.sn],
    );
  });

  it('filters by status, owner, name, sn and script', async () => {
    const range = { start_create_at: '2024-10-01', end_create_at: '2024-10-31' };
    const q = async (extra: Record<string, unknown>) =>
      (await call<ListBody>(t, s, '/api/index', { ...range, ...extra })).data.list.map(
        (i) => i.dial_task_main_sn,
      );
    assert.deepEqual(await q({ status: 0 }), [today.sn]);
    assert.deepEqual(await q({ status: '2' }), [yesterday.sn]);
    assert.deepEqual(await q({ status: 4 }), []);
    assert.deepEqual(await q({ source: '十月' }), [today.sn]);
    assert.deepEqual(await q({ source: '%' }), [], 'LIKE wildcards are literal');
    assert.deepEqual(await q({ dial_task_main_sn: yesterday.sn }), [yesterday.sn]);
    assert.deepEqual(await q({ project_sn: script.sn }), [today.sn]);
    assert.equal((await q({ ai_user_sn: s.user_sn })).length, 2);
    assert.equal((await q({ ai_user_name: s.user_name })).length, 2);
    assert.deepEqual(await q({ ai_user_name: 'nobody' }), []);
    assert.deepEqual(
      await q({ status: '', source: '' }),
      [today.sn, yesterday.sn],
      'blank filters are ignored',
    );
  });

  it('pages newest first with default 5 and accepts pageSize 99999', async () => {
    for (let i = 0; i < 6; i++) {
      await insertTask(t, owner, { name: `批量${i}`, createdAt: at(`2024-09-0${i + 1} 12:00:00`) });
    }
    const range = { start_create_at: '2024-09-01', end_create_at: '2024-09-30' };
    const first = await call<ListBody>(t, s, '/api/index', range);
    assert.equal(first.data.total, 6);
    assert.equal(first.data.list.length, 5);
    assert.equal(first.data.list[0]?.source, '批量5');
    const second = await call<ListBody>(t, s, '/api/index', { ...range, pageIndex: 1, pageSize: '5' });
    assert.deepEqual(
      second.data.list.map((i) => i.source),
      ['批量0'],
    );
    const all = await call<ListBody>(t, s, '/api/index', { ...range, pageSize: 99999 });
    assert.equal(all.data.list.length, 6);
  });

  it('rejects bad input with 20002 and no data', async () => {
    for (const bad of [
      { status: 'abc' },
      { status: 3 },
      { start_create_at: 'yesterday' },
      { end_create_at: '2024-13-01' },
      { pageSize: 0 },
      { pageIndex: -1 },
    ]) {
      const body = await call<Record<string, unknown>>(t, s, '/api/index', bad);
      assert.equal(body.code, 20002, JSON.stringify(bad));
      assert.ok(!('data' in body));
    }
  });

  it("never shows another team's tasks", async () => {
    const other = await newTenant(t, '别的租户');
    const body = await call<ListBody>(t, other, '/api/index', { start_create_at: '2000-01-01' });
    assert.equal(body.code, 0);
    assert.equal(body.data.total, 0);
    const bySn = await call<ListBody>(t, other, '/api/index', {
      dial_task_main_sn: today.sn,
      start_create_at: '2000-01-01',
    });
    assert.equal(bySn.data.total, 0);
  });

  it('shows a sub-account only the tasks it owns or created, with its parent', async () => {
    const agent = await agentSession(t, s, 'agent_list');
    const agentOwner = await taskOwner(t, agent);
    const mine = await insertTask(t, owner, {
      accountId: agentOwner.accountId,
      operatorId: owner.accountId,
      createdAt: at('2024-10-08 11:00:00'),
    });
    const body = await call<ListBody>(t, agent, '/api/index');
    assert.deepEqual(
      body.data.list.map((i) => i.dial_task_main_sn),
      [mine.sn],
    );
    assert.equal(body.data.list[0]?.parent_sn, s.user_name);
    assert.equal(body.data.list[0]?.user_name, 'agent_list');
    const main = await call<ListBody>(t, s, '/api/index', { ai_user_name: 'agent_list' });
    assert.deepEqual(
      main.data.list.map((i) => i.dial_task_main_sn),
      [mine.sn],
    );
  });
});

describe('5.10 /api/taskBatchImportStatus', async () => {
  const t = await buildTestApp();

  it('answers status 1 when nothing is left and 0 while numbers wait, in the flat envelope', async () => {
    const s = await newTenant(t, '全部完成');
    const owner = await taskOwner(t, s);
    const done = await call<Record<string, unknown>>(t, s, '/api/taskBatchImportStatus');
    assert.deepEqual(done, { code: 0, msg: '已全部呼叫完成', status: 1 });
    const task = await insertTask(t, owner, { status: 0 });
    await insertTaskNumbers(t, task, [{ status: 2, lastResult: 'answered' }]);
    assert.equal((await call<{ status: number }>(t, s, '/api/taskBatchImportStatus')).status, 1);
    await insertTaskNumbers(t, task, [{ status: 5, attempts: 1 }]);
    assert.deepEqual(await call(t, s, '/api/taskBatchImportStatus'), {
      code: 0,
      msg: '未全部呼叫完成',
      status: 0,
    });
  });

  it('ignores terminated and deleted tasks but waits for an import in progress', async () => {
    const s = await newTenant(t, '终止与导入');
    const owner = await taskOwner(t, s);
    const ended = await insertTask(t, owner, { status: 6 });
    await insertTaskNumbers(t, ended, 3);
    const gone = await insertTask(t, owner, { status: 0, deletedAt: new Date() });
    await insertTaskNumbers(t, gone, 3);
    assert.equal((await call<{ status: number }>(t, s, '/api/taskBatchImportStatus')).status, 1);
    await insertTask(t, owner, { importStatus: 1 });
    assert.equal((await call<{ status: number }>(t, s, '/api/taskBatchImportStatus')).status, 0);
  });

  it('narrows to one sub-account with user_name; an unknown one is 40004', async () => {
    const s = await newTenant(t, '按子账号');
    const owner = await taskOwner(t, s);
    const agent = await agentSession(t, s, 'agent_batch');
    const agentOwner = await taskOwner(t, agent);
    const busy = await insertTask(t, owner, { status: 0 });
    await insertTaskNumbers(t, busy, 2);
    const agentTask = await insertTask(t, owner, { accountId: agentOwner.accountId, status: 1 });
    await insertTaskNumbers(t, agentTask, [{ status: 2, lastResult: '关机' }]);
    assert.equal((await call<{ status: number }>(t, s, '/api/taskBatchImportStatus')).status, 0);
    const one = await call<{ status: number }>(t, s, '/api/taskBatchImportStatus', {
      user_name: 'agent_batch',
    });
    assert.equal(one.status, 1);
    const unknown = await call<{ code: number }>(t, s, '/api/taskBatchImportStatus', { user_name: 'ghost' });
    assert.equal(unknown.code, 40004);
  });

  it("is not affected by another team's open work", async () => {
    const a = await newTenant(t, '甲');
    const b = await newTenant(t, '乙');
    const task = await insertTask(t, await taskOwner(t, a), { status: 0 });
    await insertTaskNumbers(t, task, 2);
    assert.equal((await call<{ status: number }>(t, a, '/api/taskBatchImportStatus')).status, 0);
    assert.equal((await call<{ status: number }>(t, b, '/api/taskBatchImportStatus')).status, 1);
  });
});
