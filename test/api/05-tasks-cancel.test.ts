import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  insertTask,
  insertTaskNumbers,
  numberStatuses,
  taskCounters,
  taskOwner,
  taskRow,
} from '../support/factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = Record<string, unknown> & { code: number; msg: string };
type Counts = { code: number; msg: string; data: { total: number; success: number; fail: number } };
type Detail = { sn: string; detail_type: number; phone: string; status: number };

describe('停播: 5.3 / 5.3.2 / 5.9 / 5.6', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '停播');
  const owner = await taskOwner(t, s);
  const other = await newTenant(t, '另一个团队');
  const otherOwner = await taskOwner(t, other);

  const details = async (taskId: string) =>
    (
      await call<{ data: { list: Detail[] } }>(t, s, '/api/getDetailsList', {
        dial_task_main_id: taskId,
        pageSize: 100,
      })
    ).data.list;

  it('5.3 cancels waiting and redial-waiting numbers by detail sn; done and dialing ones fail', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    await insertTaskNumbers(t, task, [
      { status: 0 },
      { status: 5, attempts: 1, lastResult: '关机' },
      { status: 2, lastResult: 'answered' },
      { status: 1, attempts: 1 },
      { status: 0 },
    ]);
    const list = await details(task.id);
    const pick = list.slice(0, 4);
    const body = await call<Counts>(t, s, '/api/cancelCall', {
      dial_task_main_sn: task.sn,
      'sn[]': pick.map((d) => d.sn),
      'detail_type[]': pick.map((d) => d.detail_type),
    });
    assert.deepEqual(body, { code: 0, msg: '操作完成', data: { total: 4, success: 2, fail: 2 } });
    assert.deepEqual(await numberStatuses(t, task.id), [3, 3, 2, 1, 0]);
    const c = await taskCounters(t, task.id);
    assert.equal(c.stored?.stops, 2);
    assert.deepEqual(c.stored, c.exact);
    assert.equal((await taskRow(t, task.id)).status, 0, 'still has numbers left');
  });

  it('5.3 counts unknown, malformed, repeated and foreign sns as failures and changes nothing for them', async () => {
    const task = await insertTask(t, owner, { status: 4 });
    const [mine] = await insertTaskNumbers(t, task, 1);
    const sibling = await insertTask(t, owner, { status: 4 });
    const [siblingNumber] = await insertTaskNumbers(t, sibling, 1);
    const theirs = await insertTask(t, otherOwner, { status: 0 });
    const [theirNumber] = await insertTaskNumbers(t, theirs, 1);
    const body = await call<Counts>(t, s, '/api/cancelCall', {
      dial_task_main_sn: task.sn,
      sn: [
        `dial_task_detail_sn|${mine}`,
        `dial_task_detail_sn|${mine}`,
        `dial_task_detail_sn|${siblingNumber}`,
        `dial_task_detail_sn|${theirNumber}`,
        'dial_task_detail_sn|99999999',
        'garbage',
      ],
      detail_type: [1, 1, 1, 1, 1, 1],
    });
    assert.deepEqual(body.data, { total: 6, success: 1, fail: 5 });
    assert.deepEqual(await numberStatuses(t, sibling.id), [0]);
    assert.deepEqual(await numberStatuses(t, theirs.id), [0]);
  });

  it("5.3 refuses another team's task sn as not found and changes nothing", async () => {
    const theirs = await insertTask(t, otherOwner, { status: 0 });
    const [n] = await insertTaskNumbers(t, theirs, 1);
    const body = await call<Body>(t, s, '/api/cancelCall', {
      dial_task_main_sn: theirs.sn,
      sn: [`dial_task_detail_sn|${n}`],
      detail_type: [1],
    });
    assert.equal(body.code, 40004);
    assert.ok(!('data' in body));
    assert.deepEqual(await numberStatuses(t, theirs.id), [0]);
    assert.equal((await taskRow(t, theirs.id)).stops, 0);
  });

  it('5.3 finishes a sending task whose last open number was cancelled', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    const [a] = await insertTaskNumbers(t, task, [{ status: 0 }, { status: 2, lastResult: '关机' }]);
    const body = await call<Counts>(t, s, '/api/cancelCall', {
      dial_task_main_sn: task.sn,
      sn: `dial_task_detail_sn|${a}`,
    });
    assert.equal(body.data.success, 1);
    assert.equal((await taskRow(t, task.id)).status, 1);
  });

  it('5.3 rejects missing or mistyped parameters with 20002', async () => {
    const task = await insertTask(t, owner);
    assert.equal((await call<Body>(t, s, '/api/cancelCall', { dial_task_main_sn: task.sn })).code, 20002);
    assert.equal((await call<Body>(t, s, '/api/cancelCall', { sn: ['x'] })).code, 20002);
    assert.equal(
      (await call<Body>(t, s, '/api/cancelCall', { dial_task_main_sn: task.sn, sn: [{ a: 1 }] })).code,
      20002,
    );
  });

  it('5.3.2 cancels by phone (comma list, apikey spelling); total counts distinct values', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    await insertTaskNumbers(t, task, [
      { phone: '13800000001' },
      { phone: '13800000002' },
      { phone: '13800000003', status: 2, lastResult: '关机' },
    ]);
    const body = await t.http
      .inject({
        method: 'POST',
        url: '/api/cancelCallCallee',
        payload: {
          apikey: s.api_key,
          user_sn: s.user_sn,
          dial_task_main_sn: task.sn,
          callee: '13800000001,13800000003，13800000009,13800000001',
        },
      })
      .then((r) => r.json<Counts>());
    assert.deepEqual(body, { code: 0, msg: '操作完成', data: { total: 3, success: 1, fail: 2 } });
    assert.deepEqual(await numberStatuses(t, task.id), [3, 0, 2]);
    assert.equal((await taskRow(t, task.id)).stops, 1);
  });

  it('5.3.2 matches a custom column with filed', async () => {
    const task = await insertTask(t, owner, { status: 4 });
    await insertTaskNumbers(t, task, [
      { columns: { data13: 'A-1' } },
      { columns: { data13: 'A-2' } },
      { columns: { data13: 'A-1' } },
    ]);
    const body = await call<Counts>(t, s, '/api/cancelCallCallee', {
      dial_task_main_sn: task.sn,
      callee: 'A-1,B-9',
      filed: 'data13',
    });
    assert.deepEqual(body.data, { total: 2, success: 1, fail: 1 });
    assert.deepEqual(await numberStatuses(t, task.id), [3, 0, 3]);
    const c = await taskCounters(t, task.id);
    assert.deepEqual(c.stored, c.exact);
    assert.equal(
      (await call<Body>(t, s, '/api/cancelCallCallee', { dial_task_main_sn: task.sn })).code,
      20002,
    );
  });

  it('5.9 stops details and answers in the flat envelope with the reference message', async () => {
    const task = await insertTask(t, owner, { status: 0 });
    const [a, b] = await insertTaskNumbers(t, task, [
      { status: 0 },
      { status: 2, lastResult: 'answered' },
      {},
    ]);
    const body = await call<Body>(t, s, '/api/taskDetailStop', {
      dial_task_main_sn: task.sn,
      sn: `dial_task_detail_sn|${a},dial_task_detail_sn|${b}`,
    });
    assert.deepEqual(body, {
      code: 0,
      msg: '处理完成,请求处理条数2, 成功暂停处理条数1',
      total: 2,
      success: 1,
    });
    const theirs = await insertTask(t, otherOwner);
    const foreign = await call<Body>(t, s, '/api/taskDetailStop', { dial_task_main_sn: theirs.sn, sn: 'x' });
    assert.equal(foreign.code, 40004);
  });

  it('5.6 lists stopped numbers with filters and the default page of 50', async () => {
    const s2 = await newTenant(t, '停播列表');
    const o2 = await taskOwner(t, s2);
    const task = await insertTask(t, o2, { status: 0, name: '停播任务' });
    const ids = await insertTaskNumbers(
      t,
      task,
      Array.from({ length: 55 }, (_, i) => ({ phone: `1370000${String(i).padStart(4, '0')}` })),
    );
    const other2 = await insertTask(t, o2, { status: 0 });
    const [otherId] = await insertTaskNumbers(t, other2, [{ phone: '15900000000' }]);
    await call(t, s2, '/api/cancelCall', {
      dial_task_main_sn: task.sn,
      sn: ids.map((id) => `dial_task_detail_sn|${id}`),
    });
    await call(t, s2, '/api/taskDetailStop', {
      dial_task_main_sn: other2.sn,
      sn: `dial_task_detail_sn|${otherId}`,
    });

    type StopList = { code: number; data: { total: number; list: Record<string, unknown>[] } };
    const all = await call<StopList>(t, s2, '/api/detailTaskStopList');
    assert.equal(all.code, 0);
    assert.equal(all.data.total, 56);
    assert.equal(all.data.list.length, 50);
    const item = all.data.list.find((i) => i.phone === '15900000000')!;
    for (const f of [
      'dial_task_main_sn',
      'dial_task_main_id',
      'source',
      'sn',
      'detail_type',
      'phone',
      'status',
      'stoped_at',
    ]) {
      assert.ok(f in item, `missing ${f}`);
    }
    assert.equal(item.sn, `dial_task_detail_sn|${otherId}`);
    assert.equal(item.status, 3);
    const byTask = await call<StopList>(t, s2, '/api/detailTaskStopList', {
      dial_task_main_sn: task.sn,
      pageIndex: 1,
    });
    assert.deepEqual([byTask.data.total, byTask.data.list.length], [55, 5]);
    const byPhone = await call<StopList>(t, s2, '/api/detailTaskStopList', { phone: '13700000054' });
    assert.equal(byPhone.data.total, 1);
    assert.equal(byPhone.data.list[0]?.source, '停播任务');
    const bySn = await call<StopList>(t, s2, '/api/detailTaskStopList', {
      sn: `dial_task_detail_sn|${ids[3]}`,
    });
    assert.equal(bySn.data.list[0]?.phone, '13700000003');
    assert.equal((await call<StopList>(t, s2, '/api/detailTaskStopList', { sn: 'junk' })).data.total, 0);
    assert.equal(
      (await call<StopList>(t, other, '/api/detailTaskStopList')).data.total,
      0,
      'other team sees none',
    );
    const mineOnly = await call<StopList>(t, s, '/api/detailTaskStopList', { pageSize: 1000 });
    assert.ok(mineOnly.data.total > 0);
    assert.ok(
      mineOnly.data.list.every((i) => !String(i.phone).startsWith('137') && i.phone !== '15900000000'),
    );
    assert.equal((await call<Body>(t, s2, '/api/detailTaskStopList', { pageSize: 'x' })).code, 20002);
  });
});
