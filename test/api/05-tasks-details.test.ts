import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../src/lib/clock.js';
import {
  insertTask,
  insertTaskNumbers,
  insertTaskScript,
  numberStatuses,
  taskCounters,
  taskOwner,
  taskRow,
} from '../support/factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = Record<string, unknown> & { code: number; msg: string };
interface DetailsBody {
  code: number;
  msg: string;
  data: { total: number; info: Record<string, unknown>; list: Record<string, unknown>[] };
}
interface RecallBody {
  code: number;
  msg: string;
  data: { dial_task_main_id: number; dial_task_main_sn: string; total: number };
}

describe('5.4 /api/getDetailsList', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '任务详情');
  const owner = await taskOwner(t, s);
  const script = await insertTaskScript(t, owner, { caption: '回访话术' });
  const task = await insertTask(t, owner, {
    scriptId: script.id,
    status: 4,
    timedStartedAt: parseDateTime('2023-05-25 16:00:00', 'Asia/Shanghai')!,
  });
  await insertTaskNumbers(t, task, [
    { phone: '13600000001', status: 2, lastResult: 'answered', columns: { 姓名: '张三', 地址: '深圳' } },
    { phone: '13600000002', status: 5, attempts: 1, lastResult: '关机' },
    { phone: '13600000003', status: 3 },
    { phone: '13600000004' },
    { phone: '13600000005' },
    { phone: '13600000006' },
    { phone: '13600000007' },
  ]);

  it('answers {total, info, list} with the documented header and detail fields', async () => {
    const body = await call<DetailsBody>(t, s, '/api/getDetailsList', { dial_task_main_id: task.id });
    assert.equal(body.code, 0);
    assert.equal(body.data.total, 7);
    const info = body.data.info;
    for (const f of [
      'task_type',
      'is_temporary_stop',
      'cancel_count',
      'timed_started_at',
      'dial_task_main_sn',
      'success',
      'project_sn',
    ]) {
      assert.ok(f in info, `info lacks ${f}`);
    }
    assert.equal(info.dial_task_main_sn, task.sn);
    assert.equal(info.dial_task_main_id, Number(task.id));
    assert.equal(info.is_temporary_stop, 1);
    assert.equal(info.cancel_count, 1);
    assert.equal(info.timed_started_at, '2023-05-25 16:00:00');
    assert.equal(info.success, 1);
    assert.equal(info.project_sn, script.sn);
    assert.equal(info.task_type, 0);
    assert.equal(body.data.list.length, 5, 'default page of 5');
    const [first, second] = body.data.list;
    for (const f of [
      'sn',
      'detail_type',
      'phone',
      'status',
      'status_name',
      'call_count',
      'last_result',
      'columns',
    ]) {
      assert.ok(f in first!, `detail lacks ${f}`);
    }
    assert.match(String(first!.sn), /^dial_task_detail_sn\|\d+$/);
    assert.deepEqual(
      [
        first!.phone,
        first!.name,
        first!.status_name,
        first!.last_result,
        first!.detail_type,
        first!.call_count,
      ],
      ['13600000001', '张三', '已呼叫', '已接通', 1, 1],
    );
    assert.deepEqual(first!.columns, { 姓名: '张三', 地址: '深圳' });
    assert.deepEqual(
      [second!.detail_type, second!.status_name, second!.last_result],
      [2, '等待重呼', '关机'],
    );
  });

  it('pages, accepts the task sn, and filters by phone and status', async () => {
    const page2 = await call<DetailsBody>(t, s, '/api/getDetailsList', {
      dial_task_main_id: task.sn,
      pageIndex: '1',
      pageSize: '5',
    });
    assert.deepEqual(
      page2.data.list.map((d) => d.phone),
      ['13600000006', '13600000007'],
    );
    const byPhone = await call<DetailsBody>(t, s, '/api/getDetailsList', {
      dial_task_main_id: task.id,
      phone: '13600000003',
    });
    assert.deepEqual([byPhone.data.total, byPhone.data.list[0]?.status_name], [1, '已停播']);
    const waiting = await call<DetailsBody>(t, s, '/api/getDetailsList', {
      dial_task_main_id: task.id,
      status: 0,
    });
    assert.equal(waiting.data.total, 4);
  });

  it("answers 40004 for unknown and another team's tasks, 20002 for bad input", async () => {
    const other = await newTenant(t, '别的团队');
    assert.equal(
      (await call<Body>(t, other, '/api/getDetailsList', { dial_task_main_id: task.id })).code,
      40004,
    );
    assert.equal(
      (await call<Body>(t, other, '/api/getDetailsList', { dial_task_main_id: task.sn })).code,
      40004,
    );
    assert.equal(
      (await call<Body>(t, s, '/api/getDetailsList', { dial_task_main_id: '987654321' })).code,
      40004,
    );
    assert.equal((await call<Body>(t, s, '/api/getDetailsList', {})).code, 20002);
    assert.equal((await call<Body>(t, s, '/api/getDetailsList', { dial_task_main_id: '' })).code, 20002);
    assert.equal(
      (await call<Body>(t, s, '/api/getDetailsList', { dial_task_main_id: task.id, pageSize: 10_001 })).code,
      20002,
    );
  });
});

describe('5.5 /api/failRecall', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '失败重呼');
  const owner = await taskOwner(t, s);
  const failedTask = async (status = 1) => {
    const task = await insertTask(t, owner, { status, name: '原任务', batch: 'b1' });
    await insertTaskNumbers(t, task, [
      { phone: '13500000001', status: 2, lastResult: 'answered' },
      {
        phone: '13500000002',
        status: 2,
        lastResult: '无人应答',
        columns: { 姓名: '李四', 电话: '13500000002' },
      },
      { phone: '13500000003', status: 2, lastResult: '停机' },
      { phone: '13500000004', status: 2, lastResult: '空号' },
      { phone: '13500000005', status: 2, lastResult: '关机' },
    ]);
    return task;
  };
  const settings = {
    fail_recall_of_reason: '无人应答,停机',
    total_fail_recall_times: '2',
    fail_recall_interval: 30,
  };

  it('recall_manual=1 requeues the listed reasons in the task, reopens it and stores the settings', async () => {
    const task = await failedTask();
    const body = await call<RecallBody>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 1,
      ...settings,
    });
    assert.deepEqual(body, {
      code: 0,
      msg: '操作成功',
      data: { dial_task_main_id: Number(task.id), dial_task_main_sn: task.sn, total: 2 },
    });
    assert.deepEqual(await numberStatuses(t, task.id), [2, 0, 0, 2, 2]);
    const row = await taskRow(t, task.id);
    assert.equal(row.status, 0);
    assert.deepEqual(row.fail_recall, {
      enabled: true,
      times: 2,
      interval: 30,
      reasons: ['无人应答', '停机'],
    });
    const c = await taskCounters(t, task.id);
    assert.deepEqual(c.stored, c.exact);
    const info = (await call<DetailsBody>(t, s, '/api/getDetailsList', { dial_task_main_id: task.id })).data
      .info;
    assert.deepEqual(
      [
        info.is_auto_fail_recall,
        info.total_fail_recall_times,
        info.fail_recall_interval,
        info.fail_recall_of_reason,
      ],
      [1, 2, 30, '无人应答,停机'],
    );
  });

  it('recall_manual=1 with nothing matching still saves the settings and says so', async () => {
    const task = await failedTask();
    const body = await call<RecallBody>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: '1',
      fail_recall_of_reason: ['用户拒接'],
      total_fail_recall_times: 0,
      fail_recall_interval: 0,
    });
    assert.equal(body.code, 0);
    assert.equal(body.msg, '没有符合条件的失败号码,已保存自动重呼设置');
    assert.equal(body.data.total, 0);
    assert.equal((await taskRow(t, task.id)).status, 1, 'nothing to dial: stays finished');
    assert.deepEqual((await taskRow(t, task.id)).fail_recall.reasons, ['用户拒接']);
  });

  it('recall_manual=0 copies the failed numbers into a new running task named task_name', async () => {
    const task = await failedTask();
    const body = await call<RecallBody>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 0,
      task_name: '原任务重呼',
      ...settings,
    });
    assert.equal(body.code, 0);
    assert.equal(body.data.total, 2);
    assert.notEqual(body.data.dial_task_main_sn, task.sn);
    assert.match(body.data.dial_task_main_sn, /^dial_task_main_sn\|[0-9a-f]{32}$/);
    assert.deepEqual(await numberStatuses(t, task.id), [2, 2, 2, 2, 2], 'the original is untouched');
    const created = await taskRow(t, String(body.data.dial_task_main_id));
    assert.deepEqual(
      [created.name, created.status, created.batch, created.total_count, created.script_id],
      ['原任务重呼', 0, 'b1', 2, (await taskRow(t, task.id)).script_id],
    );
    const detail = await call<DetailsBody>(t, s, '/api/getDetailsList', {
      dial_task_main_id: body.data.dial_task_main_id,
    });
    assert.deepEqual(
      detail.data.list.map((d) => [d.phone, d.status, d.call_count]),
      [
        ['13500000002', 0, 0],
        ['13500000003', 0, 0],
      ],
    );
    assert.equal(detail.data.list[0]?.name, '李四');
    const c = await taskCounters(t, String(body.data.dial_task_main_id));
    assert.deepEqual(c.stored, c.exact);
  });

  it('recall_manual=0 with no match or no task_name creates nothing', async () => {
    const task = await failedTask();
    const before = await t.app.db.system
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const none = await call<Body>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 0,
      task_name: '空的',
      fail_recall_of_reason: '欠费',
    });
    assert.equal(none.code, 40004);
    const noName = await call<Body>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 0,
      ...settings,
    });
    assert.equal(noName.code, 20002);
    const after = await t.app.db.system
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  it('rejects unknown reasons, a bad recall_manual, a terminated task and foreign tasks; nothing changes', async () => {
    const task = await failedTask();
    const unknown = await call<Body>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 1,
      fail_recall_of_reason: '无人应答,没电了',
    });
    assert.equal(unknown.code, 20002);
    assert.match(unknown.msg, /没电了/);
    const bad = await call<Body>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 2,
      ...settings,
    });
    assert.equal(bad.code, 20002);
    const typed = await call<Body>(t, s, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 'one',
      ...settings,
    });
    assert.equal(typed.code, 20002);
    const ended = await failedTask(6);
    const refused = await call<Body>(t, s, '/api/failRecall', {
      dial_task_main_sn: ended.sn,
      recall_manual: 1,
      ...settings,
    });
    assert.deepEqual([refused.code, refused.msg], [40009, '任务已终止,不能重呼']);
    assert.equal((await taskRow(t, ended.id)).fail_recall.enabled, false, 'settings not saved');
    const other = await newTenant(t, '外人');
    const foreign = await call<Body>(t, other, '/api/failRecall', {
      dial_task_main_sn: task.sn,
      recall_manual: 1,
      ...settings,
    });
    assert.equal(foreign.code, 40004);
    assert.deepEqual(await numberStatuses(t, task.id), [2, 2, 2, 2, 2]);
  });
});
