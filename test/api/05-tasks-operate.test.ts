import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../src/lib/clock.js';
import {
  agentSession,
  insertTask,
  insertTaskNumbers,
  numberStatuses,
  taskCounters,
  taskOwner,
  taskRow,
} from '../support/factories.js';
import { FixedClock } from '../support/fixed-clock.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = Record<string, unknown> & { code: number; msg: string };

describe('5.2 /api/operateTask and the task lifecycle', async () => {
  const clock = new FixedClock(parseDateTime('2024-10-08 10:00:00', 'Asia/Shanghai')!);
  const t = await buildTestApp({}, clock);
  const s = await newTenant(t, '任务操作');
  const owner = await taskOwner(t, s);
  const operate = (pkeys: unknown, oper: string, session = s) =>
    call<Body>(t, session, '/api/operateTask', { pkeys, project_type: '2', oper });

  it('pauses a sending task and answers exactly as the reference, plus the counts', async () => {
    const task = await insertTask(t, owner, { status: 0, startedAt: clock.now() });
    await insertTaskNumbers(t, task, 2);
    const body = await operate(task.id, 'stop');
    assert.deepEqual(body, { code: 0, msg: '操作成功', success: 1, fail: 0, fail_list: [] });
    assert.equal((await taskRow(t, task.id)).status, 4);
  });

  it('resumes a paused task, clears the platform reason and keeps the first start time', async () => {
    const started = new Date(clock.now().getTime() - 3600_000);
    const task = await insertTask(t, owner, { status: 0, startedAt: started });
    await insertTaskNumbers(t, task, 1);
    const paused = await t.app.services.taskLifecycle.pauseWithReason(task.id, '线路故障');
    assert.deepEqual(paused, { ok: true, changed: true, from: 0, to: 4 });
    const row = await taskRow(t, task.id);
    assert.equal(row.status_reason, '线路故障');
    const list = await call<{ data: { list: Record<string, unknown>[] } }>(t, s, '/api/index', {
      dial_task_main_sn: task.sn,
      start_create_at: '2000-01-01',
    });
    assert.equal(list.data.list[0]?.status, '暂停发送');
    assert.equal(list.data.list[0]?.status_reason, '线路故障');
    assert.equal((await operate(task.sn, 'keepOn')).code, 0);
    const after = await taskRow(t, task.id);
    assert.equal(after.status, 0);
    assert.equal(after.status_reason, '');
    assert.equal(after.started_at?.getTime(), started.getTime());
  });

  it('a pause waiting for a line is kept on the task until any other change: resume, or an operator pause', async () => {
    const line = await t.app.db.system
      .selectFrom('lines')
      .select('id')
      .where('team_id', '=', owner.teamId)
      .executeTakeFirstOrThrow();
    const lifecycle = t.app.services.taskLifecycle;
    const task = await insertTask(t, owner, { status: 0, startedAt: clock.now() });
    await insertTaskNumbers(t, task, 1);
    await lifecycle.pauseWithReason(task.id, '线路不可用', line.id);
    assert.equal((await taskRow(t, task.id)).paused_for_line_id, line.id);
    assert.equal((await operate(task.sn, 'keepOn')).code, 0);
    assert.equal((await taskRow(t, task.id)).paused_for_line_id, null, "the operator's resume ends the wait");

    await lifecycle.pauseWithReason(task.id, '线路不可用', line.id);
    assert.equal((await operate(task.sn, 'keepOn')).code, 0);
    assert.equal((await operate(task.sn, 'stop')).code, 0);
    const row = await taskRow(t, task.id);
    assert.equal(row.status, 4);
    assert.equal(row.paused_for_line_id, null, 'paused by an operator: no line to wait for');
  });

  it('starts a not-started task on keepOn and stamps started_at', async () => {
    const task = await insertTask(t, owner);
    await insertTaskNumbers(t, task, 1);
    assert.equal((await operate(task.id, 'keepOn')).code, 0);
    const row = await taskRow(t, task.id);
    assert.equal(row.status, 0);
    assert.equal(row.started_at?.getTime(), clock.now().getTime());
  });

  it('refuses keepOn while importing or with nothing left, with a clear message and no change', async () => {
    const importing = await insertTask(t, owner, { status: 4, importStatus: 1 });
    await insertTaskNumbers(t, importing, 1);
    const a = await operate(importing.id, 'keepOn');
    assert.equal(a.code, 40009);
    assert.match(a.msg, /导入/);
    assert.equal((await taskRow(t, importing.id)).status, 4);
    const empty = await insertTask(t, owner, { status: 4 });
    await insertTaskNumbers(t, empty, [{ status: 2, lastResult: 'answered' }]);
    const b = await operate(empty.id, 'keepOn');
    assert.equal(b.code, 40009);
    assert.equal(b.msg, '任务没有待呼叫的号码');
    assert.ok(!('data' in b));
  });

  it('terminates with end, then refuses keepOn and stop on the terminated task', async () => {
    const task = await insertTask(t, owner, { status: 4 });
    await insertTaskNumbers(t, task, 2);
    assert.equal((await operate(task.id, 'end')).code, 0);
    const row = await taskRow(t, task.id);
    assert.equal(row.status, 6);
    assert.equal(row.stoped_at?.getTime(), clock.now().getTime());
    const again = await operate(task.id, 'keepOn');
    assert.deepEqual([again.code, again.msg], [40009, '任务已终止,不能继续']);
    assert.equal((await operate(task.id, 'stop')).code, 40009);
    assert.equal((await operate(task.id, 'end')).code, 0, 'ending twice is harmless');
    assert.deepEqual(await numberStatuses(t, task.id), [0, 0], 'numbers stay for the record');
  });

  it('deletes softly: the task disappears, stops dialing and is not found afterwards', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    await insertTaskNumbers(t, task, 1);
    assert.equal((await operate(`${task.sn}`, 'delete')).code, 0);
    const row = await taskRow(t, task.id);
    assert.ok(row.deleted_at);
    assert.equal(row.status, 6);
    const list = await call<{ data: { total: number } }>(t, s, '/api/index', {
      dial_task_main_sn: task.sn,
      start_create_at: '2000-01-01',
    });
    assert.equal(list.data.total, 0);
    const again = await operate(task.id, 'keepOn');
    assert.deepEqual([again.code, again.msg], [40004, '任务不存在']);
  });

  it('failRe requeues retryable failures (never 空号/停机), reopens a finished task and keeps counters exact', async () => {
    const task = await insertTask(t, owner, { status: 1 });
    await insertTaskNumbers(t, task, [
      { status: 2, lastResult: 'answered' },
      { status: 2, lastResult: '无人应答' },
      { status: 2, lastResult: '关机' },
      { status: 2, lastResult: '空号' },
      { status: 2, lastResult: '停机' },
      { status: 3 },
    ]);
    const body = await operate(task.id, 'failRe');
    assert.equal(body.code, 0);
    assert.deepEqual(await numberStatuses(t, task.id), [2, 0, 0, 2, 2, 3]);
    assert.equal((await taskRow(t, task.id)).status, 0);
    const c = await taskCounters(t, task.id);
    assert.deepEqual(c.stored, c.exact);
    assert.equal(c.exact.fail, 2);
    const none = await operate(task.id, 'failRe');
    assert.deepEqual([none.code, none.msg], [40009, '没有可重呼的失败号码']);
  });

  it('failRe on a paused task queues the numbers but leaves it paused; refused on a terminated task', async () => {
    const paused = await insertTask(t, owner, { status: 4 });
    await insertTaskNumbers(t, paused, [{ status: 2, lastResult: '用户正忙' }]);
    assert.equal((await operate(paused.id, 'failRe')).code, 0);
    assert.equal((await taskRow(t, paused.id)).status, 4);
    const ended = await insertTask(t, owner, { status: 6 });
    await insertTaskNumbers(t, ended, [{ status: 2, lastResult: '用户正忙' }]);
    assert.equal((await operate(ended.id, 'failRe')).code, 40009);
    assert.deepEqual(await numberStatuses(t, ended.id), [2]);
  });

  it('takes several keys as a comma list, an array or mixed ids and sns', async () => {
    const a = await insertTask(t, owner, { status: 0 });
    const b = await insertTask(t, owner, { status: 0 });
    const c = await insertTask(t, owner, { status: 0 });
    assert.deepEqual(await operate(`${a.id},${b.id}`, 'stop'), {
      code: 0,
      msg: '操作成功',
      success: 2,
      fail: 0,
      fail_list: [],
    });
    await insertTaskNumbers(t, a, 1);
    await insertTaskNumbers(t, b, 1);
    await insertTaskNumbers(t, c, 1);
    assert.equal((await operate([a.sn, Number(b.id)], 'keepOn')).success, 2);
    assert.equal((await operate(`["${c.sn}"]`, 'stop')).success, 1);
    assert.deepEqual(
      await Promise.all([a, b, c].map(async (x) => (await taskRow(t, x.id)).status)),
      [0, 0, 4],
    );
  });

  it('reports partial failure with code 0, the counts and each failed key', async () => {
    const ok = await insertTask(t, owner, { status: 0 });
    const ended = await insertTask(t, owner, { status: 6 });
    const body = await operate(`${ok.id},${ended.id},999999`, 'stop');
    assert.equal(body.code, 0);
    assert.equal(body.success, 1);
    assert.equal(body.fail, 2);
    assert.deepEqual(body.fail_list, [
      { pkey: ended.id, msg: '任务已终止,不能暂停' },
      { pkey: '999999', msg: '任务不存在' },
    ]);
    assert.match(body.msg, /^部分操作成功: 成功1个, 失败2个/);
  });

  it("treats another team's ids and sns as not found and changes nothing", async () => {
    const other = await newTenant(t, '别人家');
    const theirs = await insertTask(t, await taskOwner(t, other), { status: 0 });
    for (const key of [theirs.id, theirs.sn]) {
      const body = await operate(key, 'end');
      assert.equal(body.code, 40004);
      assert.equal(body.fail, 1);
    }
    assert.equal((await taskRow(t, theirs.id)).status, 0);
  });

  it('keeps a sub-account to its own tasks', async () => {
    const agent = await agentSession(t, s, 'agent_operate');
    const mainTask = await insertTask(t, owner, { status: 0 });
    const agentTask = await insertTask(t, owner, {
      status: 0,
      accountId: (await taskOwner(t, agent)).accountId,
    });
    assert.equal((await operate(mainTask.id, 'stop', agent)).code, 40004);
    assert.equal((await operate(agentTask.id, 'stop', agent)).code, 0);
    assert.equal((await taskRow(t, mainTask.id)).status, 0);
  });

  it('rejects bad input with 20002', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    assert.equal((await operate(task.id, 'pause')).code, 20002, 'unknown oper');
    assert.equal((await operate('', 'stop')).code, 20002, 'empty pkeys');
    assert.equal((await operate({ id: 1 }, 'stop')).code, 20002, 'object pkeys');
    assert.equal((await call<Body>(t, s, '/api/operateTask', { pkeys: task.id })).code, 20002, 'no oper');
    assert.equal((await operate(task.id, 'STOP')).code, 0, 'oper is case-insensitive');
    assert.equal((await taskRow(t, task.id)).status, 4);
  });
});

describe('TaskLifecycleService (platform side)', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '平台');
  const owner = await taskOwner(t, s);
  const lifecycle = t.app.services.taskLifecycle;

  it('finishes a sending task only when nothing is left', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    await insertTaskNumbers(t, task, [
      { status: 2, lastResult: 'answered' },
      { status: 1, attempts: 1 },
    ]);
    assert.deepEqual(await lifecycle.finishIdle([task.id]), []);
    await t.app.db.system
      .updateTable('task_numbers')
      .set({ status: 2 })
      .where('task_id', '=', task.id)
      .execute();
    assert.deepEqual(
      (await lifecycle.finishIdle([task.id])).map((f) => f.id),
      [task.id],
    );
    const row = await taskRow(t, task.id);
    assert.equal(row.status, 1);
    assert.ok(row.stoped_at);
    assert.deepEqual(await lifecycle.finishIdle([task.id]), [], 'already finished');
  });

  it('starts a scheduled task once imported and with a number waiting, and only then', async () => {
    const importing = await insertTask(t, owner, { importStatus: 1 });
    await insertTaskNumbers(t, importing, 1);
    assert.equal(await lifecycle.startScheduled(importing.id), false);
    const failed = await insertTask(t, owner, { importStatus: 3 });
    await insertTaskNumbers(t, failed, 1);
    assert.equal(await lifecycle.startScheduled(failed.id), false, 'its import failed');
    const empty = await insertTask(t, owner);
    assert.equal(await lifecycle.startScheduled(empty.id), false, 'no number waits');
    await t.app.db.system
      .updateTable('tasks')
      .set({ import_status: 2 })
      .where('id', '=', importing.id)
      .execute();
    assert.equal(await lifecycle.startScheduled(importing.id), true);
    const row = await taskRow(t, importing.id);
    assert.equal(row.status, 0);
    assert.ok(row.started_at);
    assert.equal(await lifecycle.startScheduled(importing.id), false, 'already sending');
  });

  it('parks a finished task as paused when numbers are appended inside a tenant transaction', async () => {
    const task = await insertTask(t, owner, { status: 1 });
    const r = await t.app.db.tenant(owner.teamId, (trx) => lifecycle.apply(trx, task.id, 'append'));
    assert.deepEqual(r, { ok: true, changed: true, from: 1, to: 4 });
    const other = await newTenant(t, '隔壁');
    const foreign = await t.app.db.tenant((await taskOwner(t, other)).teamId, (trx) =>
      lifecycle.apply(trx, task.id, 'pause'),
    );
    assert.equal(foreign.ok, false, "a tenant transaction cannot reach another team's task");
    assert.equal((await taskRow(t, task.id)).status, 4);
  });

  it('stops a batch at its term (终止发送, 批次已过期), not before, and never a finished one', async () => {
    const batch = await insertTask(t, owner, { status: 4 });
    const setTerm = (id: string, at: Date) =>
      t.app.db.system.updateTable('tasks').set({ expires_at: at }).where('id', '=', id).execute();
    await setTerm(batch.id, new Date(Date.now() + 3_600_000));
    assert.equal(await lifecycle.expireBatch(batch.id), false, 'term not reached');
    assert.equal((await taskRow(t, batch.id)).status, 4);
    await setTerm(batch.id, new Date(Date.now() - 1_000));
    assert.equal(await lifecycle.expireBatch(batch.id), true);
    const row = await taskRow(t, batch.id);
    assert.deepEqual([row.status, row.status_reason], [6, '批次已过期']);
    assert.ok(row.stoped_at);
    const finished = await insertTask(t, owner, { status: 1 });
    await setTerm(finished.id, new Date(Date.now() - 1_000));
    assert.equal(await lifecycle.expireBatch(finished.id), false);
    assert.equal((await taskRow(t, finished.id)).status, 1);
  });

  it('pauses with a reason, withdraws a failed creation; unknown or deleted ids are not found', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    assert.equal((await lifecycle.pauseWithReason(task.id, '话术已删除')).ok, true);
    assert.equal((await taskRow(t, task.id)).status_reason, '话术已删除');
    const created = await insertTask(t, owner);
    await t.app.db.tenant(owner.teamId, (trx) => lifecycle.withdrawFailedCreation(trx, created.id));
    const gone = await taskRow(t, created.id);
    assert.deepEqual([gone.status, gone.status_reason, gone.deleted_at !== null], [6, '导入失败', true]);
    assert.deepEqual(await lifecycle.pauseWithReason(created.id, 'x'), {
      ok: false,
      notFound: true,
      message: '任务不存在',
    });
    assert.deepEqual(await lifecycle.pauseWithReason('abc', 'x'), {
      ok: false,
      notFound: true,
      message: '任务不存在',
    });
  });

  it("refuses to append numbers to a terminated task, in the state machine's words", async () => {
    const task = await insertTask(t, owner, { status: 6 });
    const r = await call<Body>(t, s, '/api/addJsonOfAsync', {
      dial_task_main_sn: task.sn,
      client_info_json: { data: [{ 电话: '13900000001' }] },
    });
    assert.deepEqual([r.code, r.msg], [40009, '任务已终止,不能追加号码']);
  });
});
