import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertScript, sessionIds } from '../support/import-factories.js';
import { multipart } from '../support/multipart.js';
import { buildTestApp, call, newTenant, type Session, type TestApp } from '../support/test-app.js';

type Body = { code: number; msg: string; data?: Record<string, unknown> } & Record<string, unknown>;

async function create(t: TestApp, s: Session, params: Record<string, unknown>) {
  const r = await call<Body>(t, s, '/api/addJsonOfAsync', params);
  assert.equal(r.code, 0, r.msg);
  return r.data as { dial_task_main_id: number; dial_task_main_sn: string };
}

function taskRow(t: TestApp, id: number | string) {
  return t.app.db.system
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', String(id))
    .executeTakeFirstOrThrow();
}

const rows = (...phones: string[]) => ({ data: phones.map((p) => ({ 电话: p })) });

void describe('task creation: appends, limits, schedules, batches, failures', async () => {
  const t = await buildTestApp({ TASKS_PER_DAY: '6' });
  const s = await newTenant(t, '任务租户');
  const { teamId } = await sessionIds(t, s);
  const script = await insertScript(t, teamId);
  const base = { project_sn: script.sn, ai_user_sn: s.user_sn };

  void it('appending keeps a sending task running and pauses a finished one', async () => {
    const running = await create(t, s, {
      ...base,
      source: '发送中',
      is_zidong: 1,
      client_info_json: rows('13800000001'),
    });
    const finished = await create(t, s, { ...base, source: '已发送', client_info_json: rows('13800000002') });
    await t.app.jobs.drain();
    assert.equal((await taskRow(t, running.dial_task_main_id)).status, 0);
    await t.app.db.system
      .updateTable('tasks')
      .set({ status: 1 })
      .where('id', '=', String(finished.dial_task_main_id))
      .execute();
    for (const task of [running, finished]) {
      const r = await call<Body>(t, s, '/api/addJsonOfAsync', {
        dial_task_main_sn: task.dial_task_main_sn,
        client_info_json: rows('13800000009'),
      });
      assert.equal(r.code, 0, r.msg);
      assert.equal((r.data as { dial_task_main_id: number }).dial_task_main_id, task.dial_task_main_id);
    }
    const during = await call<Body>(t, s, '/api/getImportTaskStatus', {
      dial_task_main_id: finished.dial_task_main_id,
    });
    assert.deepEqual(during.data, { status: 0, desc: '未处理', import_percent: '0%', totalCount: 0 });
    await t.app.jobs.drain();
    assert.equal((await taskRow(t, running.dial_task_main_id)).status, 0);
    assert.equal((await taskRow(t, running.dial_task_main_id)).total_count, 2);
    const paused = await taskRow(t, finished.dial_task_main_id);
    assert.equal(paused.status, 4);
    const st = await call<Body>(t, s, '/api/getImportTaskStatus', {
      dial_task_main_id: finished.dial_task_main_id,
    });
    assert.deepEqual(st.data, { status: 24, desc: '暂停发送', import_percent: '100%', totalCount: 1 });
  });

  void it("refuses appends to another team's task and to a terminated task", async () => {
    const other = await newTenant(t, '别的租户');
    const theirs = await create(t, other, {
      ...base,
      project_sn: (await insertScript(t, (await sessionIds(t, other)).teamId)).sn,
      ai_user_sn: other.user_sn,
      source: '别人的',
      client_info_json: rows('13800000003'),
    });
    const r = await call<Body>(t, s, '/api/addJsonOfAsync', {
      dial_task_main_sn: theirs.dial_task_main_sn,
      client_info_json: rows('13800000004'),
    });
    assert.equal(r.code, 40004);
    const st = await call<Body>(t, s, '/api/getImportTaskStatus', {
      dial_task_main_id: theirs.dial_task_main_id,
    });
    assert.equal(st.code, 40004);
    const mine = await create(t, s, { ...base, source: '终止', client_info_json: rows('13800000005') });
    await t.app.db.system
      .updateTable('tasks')
      .set({ status: 6 })
      .where('id', '=', String(mine.dial_task_main_id))
      .execute();
    const ended = await call<Body>(t, s, '/api/addJsonOfAsync', {
      dial_task_main_sn: mine.dial_task_main_sn,
      client_info_json: rows('13800000006'),
    });
    assert.equal(ended.code, 40009);
    await t.app.jobs.drain();
  });

  void it('limits new tasks per account and day, but not appends', async () => {
    const count = await t.app.db.system
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('team_id', '=', teamId)
      .executeTakeFirstOrThrow();
    let last: { dial_task_main_sn: string } | undefined;
    for (let i = Number(count.n); i < 6; i++) {
      last = await create(t, s, { ...base, source: `配额${i}`, client_info_json: rows('13800000010') });
    }
    const refused = await call<Body>(t, s, '/api/addJsonOfAsync', {
      ...base,
      source: '超额',
      client_info_json: rows('13800000011'),
    });
    assert.equal(refused.code, 40029);
    assert.match(refused.msg, /6个任务/);
    const appended = await call<Body>(t, s, '/api/addJsonOfAsync', {
      dial_task_main_sn: last!.dial_task_main_sn,
      client_info_json: rows('13800000012'),
    });
    assert.equal(appended.code, 0);
    await t.app.jobs.drain();
  });
});

void describe('scheduled start, 5.8.1 batches, failed imports, the detection vendor', async () => {
  const vendor = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { numbers } = JSON.parse(body) as { numbers: string[] };
      if (numbers.includes('13900000666')) {
        res.statusCode = 500;
        res.end('down');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          code: 0,
          data: numbers.map((n) => ({ mobile: n, status: n.endsWith('0') ? '空号' : '实号' })),
        }),
      );
    });
  });
  await new Promise<void>((r) => vendor.listen(0, '127.0.0.1', r));
  const t = await buildTestApp({
    NUMBER_DETECTION_URL: `http://127.0.0.1:${(vendor.address() as AddressInfo).port}/check`,
  });
  const s = await newTenant(t, '批次租户');
  const { teamId } = await sessionIds(t, s);
  const script = await insertScript(t, teamId);
  const base = { project_sn: script.sn, ai_user_sn: s.user_sn };

  void it('starts a scheduled task when its time comes', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = new Date(at.getTime() + 8 * 3_600_000);
    const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00`;
    const task = await create(t, s, {
      ...base,
      source: '定时任务',
      timed_started_at: text,
      client_info_json: rows('13900000001'),
    });
    await t.app.jobs.drain();
    assert.equal((await taskRow(t, task.dial_task_main_id)).status, 2);
    const job = await t.app.db.system
      .selectFrom('jobs')
      .select(['id', 'run_after', 'status'])
      .where('kind', '=', 'task.schedule')
      .executeTakeFirstOrThrow();
    assert.equal(job.status, 'queued');
    assert.ok(Math.abs(job.run_after.getTime() - at.getTime()) < 61_000);
    await t.app.db.system
      .updateTable('jobs')
      .set({ run_after: new Date() })
      .where('id', '=', job.id)
      .execute();
    await t.app.db.system
      .updateTable('tasks')
      .set({ timed_started_at: new Date() })
      .where('id', '=', String(task.dial_task_main_id))
      .execute();
    await t.app.jobs.drain();
    assert.equal((await taskRow(t, task.dial_task_main_id)).status, 0);
  });

  void it('5.8.1 imports a batch file synchronously, by ai_user_name, with a term', async () => {
    const body = multipart(
      {
        api_key: s.api_key,
        user_sn: s.user_sn,
        project_sn: script.sn,
        ai_user_name: s.user_name,
        batch_name: '九月批次',
        term_value: 7,
      },
      [
        {
          field: 'upload',
          filename: 'batch.csv',
          content: Buffer.from('电话,姓名\n13900000011,甲\n13900000012,乙\nabc,丙\n'),
        },
      ],
    );
    const res = (await t.http.inject({ method: 'POST', url: '/api/addBatch', ...body })).json<Body>();
    assert.equal(res.code, 0, res.msg);
    const d = res.data as { batch: string; dial_task_main_id: number; import_mark: Record<string, number> };
    assert.equal(d.batch, '九月批次');
    assert.equal(d.import_mark.failCount, 1);
    assert.equal(d.import_mark.successCount, 2);
    const task = await taskRow(t, d.dial_task_main_id);
    assert.equal(task.name, '九月批次');
    assert.equal(task.batch, '九月批次');
    const expiry = await t.app.db.system
      .selectFrom('jobs')
      .select('run_after')
      .where('kind', '=', 'task.schedule')
      .where(
        sql<boolean>`payload @> ${JSON.stringify({ taskId: String(d.dial_task_main_id), action: 'expire' })}::jsonb`,
      )
      .executeTakeFirstOrThrow();
    assert.ok(Math.abs(expiry.run_after.getTime() - (Date.now() + 7 * 86_400_000)) < 60_000);
  });

  void it('asks the vendor about numbers without history and never stalls when it fails', async () => {
    const ok = await create(t, s, {
      ...base,
      source: '检测',
      client_info_json: rows('13900000020', '13900000021'),
    });
    await t.app.jobs.drain();
    const info = await call<Body>(t, s, '/api/getImportTaskInfo', {
      dial_task_main_id: ok.dial_task_main_id,
    });
    const mark = (info.data as { import_mark: Record<string, number> }).import_mark;
    assert.deepEqual([mark.kongCount, mark.shiCount, mark.successCount], [1, 1, 1]);
    const down = await create(t, s, {
      ...base,
      source: '检测失败',
      client_info_json: rows('13900000666', '13900000030'),
    });
    await t.app.jobs.drain();
    const info2 = await call<Body>(t, s, '/api/getImportTaskInfo', {
      dial_task_main_id: down.dial_task_main_id,
    });
    assert.deepEqual((info2.data as { import_mark: Record<string, number> }).import_mark.kuwuCount, 2);
  });

  void it('fails an import whose task was deleted meanwhile: reason in import_mark, pushed, nothing left', async () => {
    const task = await create(t, s, {
      ...base,
      source: '被删',
      client_info_json: rows('13900000040', '13900000041'),
    });
    await t.app.db.system
      .updateTable('tasks')
      .set({ deleted_at: new Date() })
      .where('id', '=', String(task.dial_task_main_id))
      .execute();
    await t.app.jobs.drain();
    const st = await call<Body>(t, s, '/api/getImportTaskStatus', {
      dial_task_main_id: task.dial_task_main_id,
    });
    assert.equal((st.data as { status: number }).status, 3);
    const info = await call<Body>(t, s, '/api/getImportTaskInfo', {
      dial_task_main_id: task.dial_task_main_id,
    });
    assert.equal((info.data as { import_mark: unknown }).import_mark, '导入失败:任务已删除');
    const push = await t.app.db.system
      .selectFrom('push_events')
      .select('payload')
      .where('order_key', '=', task.dial_task_main_sn)
      .executeTakeFirstOrThrow();
    assert.deepEqual(push.payload, {
      dial_task_main_sn: task.dial_task_main_sn,
      import_mark: '导入失败:任务已删除',
    });
    const left = await t.app.db.system
      .selectFrom('task_numbers')
      .select('id')
      .where('task_id', '=', String(task.dial_task_main_id))
      .execute();
    assert.equal(left.length, 0);
  });

  void it('closes the vendor stub', async () => {
    await new Promise<void>((r) => vendor.close(() => r()));
  });
});
