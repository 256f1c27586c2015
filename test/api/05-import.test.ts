import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { insertScript, sessionIds } from '../support/import-factories.js';
import { multipart, type UploadPart } from '../support/multipart.js';
import { buildTestApp, call, newTenant, type Session, type TestApp } from '../support/test-app.js';

type Body = { code: number; msg: string; data?: Record<string, unknown> } & Record<string, unknown>;

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(
  t: TestApp,
  s: Session,
  url: string,
  fields: Record<string, string | number>,
  file?: UploadPart,
) {
  const body = multipart({ api_key: s.api_key, user_sn: s.user_sn, ...fields }, file ? [file] : []);
  const res = await t.http.inject({ method: 'POST', url, ...body });
  return res.json<Body>();
}

async function taskCount(t: TestApp, teamId: string): Promise<number> {
  const r = await t.app.db.system
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('team_id', '=', teamId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

void describe('5.7.x task creation and import', async () => {
  const t = await buildTestApp({ IMPORT_MAX_BYTES: String(64 * 1024), MAX_BODY_BYTES: String(256 * 1024) });
  const s = await newTenant(t, '导入租户');
  const { teamId } = await sessionIds(t, s);
  const script = await insertScript(t, teamId);
  const base = { project_sn: script.sn, ai_user_sn: s.user_sn };

  void it('5.7.2 accepts client_info_json as an object, imports in the background and reports 5.7.3/5.7.4', async () => {
    const created = await call<Body>(t, s, '/api/addJsonOfAsync', {
      ...base,
      source: '回访任务(一)',
      client_info_json: {
        data: [
          { 姓名: '张三', 电话: '13800138000', 地址: '深圳' },
          { 姓名: '李四', '*电话': '+86 139-0013-9000' },
          { 姓名: '王五', 电话: '1380013800' },
          { 姓名: '重复', 电话: '13800138000' },
        ],
      },
    });
    assert.equal(created.code, 0, created.msg);
    assert.equal(created.msg, '导入成功,等待处理');
    const data = created.data as { total: number; dial_task_main_sn: string; dial_task_main_id: number };
    assert.equal(data.total, 4);
    assert.match(data.dial_task_main_sn, /^dial_task_main_sn\|[0-9a-f]{32}$/);

    const before = await call<Body>(t, s, '/api/getImportTaskStatus', {
      dial_task_main_id: data.dial_task_main_id,
    });
    assert.deepEqual(before, {
      code: 200,
      msg: '请求成功',
      data: { status: 0, desc: '未处理', import_percent: '0%', totalCount: 0 },
    });

    assert.equal(await t.app.jobs.drain(), 1);
    const after = await call<Body>(t, s, '/api/getImportTaskStatus', {
      dial_task_main_id: String(data.dial_task_main_id),
    });
    assert.deepEqual(after.data, { status: 20, desc: '任务未发送', import_percent: '100%', totalCount: 4 });

    const info = await call<Body>(t, s, '/api/getImportTaskInfo', {
      dial_task_main_id: data.dial_task_main_id,
    });
    assert.equal(info.code, 0);
    const d = info.data as Record<string, unknown>;
    assert.deepEqual(d.import_mark, {
      totalCount: 4,
      successCount: 2,
      failCount: 1,
      blacklistCount: 0,
      repeatCount: 1,
      filterCount: 0,
      shiCount: 0,
      kongCount: 0,
      tingjiCount: 0,
      kuwuCount: 2,
      chenmoCount: 0,
      fenxianCount: 0,
      chaopinCount: 0,
    });
    assert.equal(d.import_percent, 100);
    assert.deepEqual(d.import_fail_data, [
      { 姓名: '王五', 电话: '1380013800', 地址: '' },
      { 姓名: '重复', 电话: '13800138000', 地址: '' },
    ]);
    assert.deepEqual(d.import_fail_reasons, ['号码位数错误', '导入数据中号码重复']);
    const numbers = await t.app.db.system
      .selectFrom('task_numbers')
      .select(['phone', 'row_no', 'status', 'columns'])
      .where('task_id', '=', String(data.dial_task_main_id))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      numbers.map((n) => [n.phone, n.row_no, n.status]),
      [
        ['13800138000', 1, 0],
        ['13900139000', 2, 0],
      ],
    );
    assert.deepEqual(numbers[0]!.columns, { 姓名: '张三', 电话: '13800138000', 地址: '深圳' });
    const task = await t.app.db.system
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', String(data.dial_task_main_id))
      .executeTakeFirstOrThrow();
    assert.equal(task.total_count, 2);
    assert.equal(task.status, 2);
    const push = await t.app.db.system
      .selectFrom('push_events')
      .select(['kind', 'order_key', 'payload'])
      .where('order_key', '=', data.dial_task_main_sn)
      .execute();
    assert.equal(push.length, 1);
    assert.equal(push[0]!.kind, 'import_result');
    assert.deepEqual(push[0]!.payload, {
      dial_task_main_sn: data.dial_task_main_sn,
      import_mark: d.import_mark,
    });
  });

  void it('accepts client_info_json as a JSON string, and starts the task with is_zidong', async () => {
    const created = await call<Body>(t, s, '/api/addJsonOfAsync', {
      ...base,
      source: 'auto_start-1',
      is_zidong: 'on',
      is_auto_fail_recall: '1',
      total_fail_recall_times: '2',
      fail_recall_interval: 10,
      fail_recall_of_reason: '关机,无人应答',
      priority: 5,
      remark: '备注一下',
      client_info_json: JSON.stringify({ data: [{ 电话: '13700137000' }] }),
    });
    assert.equal(created.code, 0, created.msg);
    await t.app.jobs.drain();
    const st = await call<Body>(t, s, '/api/getImportTaskStatus', {
      dial_task_main_sn: (created.data as { dial_task_main_sn: string }).dial_task_main_sn,
    });
    assert.deepEqual(st.data, { status: 22, desc: '正在发送', import_percent: '100%', totalCount: 1 });
    const task = await t.app.db.system
      .selectFrom('tasks')
      .selectAll()
      .where('sn', '=', (created.data as { dial_task_main_sn: string }).dial_task_main_sn)
      .executeTakeFirstOrThrow();
    assert.deepEqual(task.fail_recall, {
      enabled: true,
      times: 2,
      interval: 10,
      reasons: ['关机', '无人应答'],
    });
    assert.deepEqual(
      [task.priority, task.remark, task.auto_start, task.name],
      [5, '备注一下', true, 'auto_start-1'],
    );
    assert.ok(task.started_at instanceof Date);
  });

  void it('refuses bad input with the documented code and leaves no task behind', async () => {
    const count = await taskCount(t, teamId);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ...base, source: '任务', client_info_json: '{"data":[{"电话":' }, 20002, /JSON/],
      [
        { ...base, source: '任务<script>', client_info_json: { data: [{ 电话: '13800138000' }] } },
        20002,
        /任务名称/,
      ],
      [{ ...base, source: '任务', client_info_json: { data: [] } }, 30001, /为空/],
      [{ ...base, source: '任务', client_info_json: { data: [{ 姓名: '张三' }] } }, 30003, /电话/],
      [
        {
          ...base,
          source: '任务',
          project_sn: 'projects|nope',
          client_info_json: { data: [{ 电话: '13800138000' }] },
        },
        40004,
        /话术/,
      ],
      [
        {
          ...base,
          source: '任务',
          ai_user_sn: 'SYSUSER|nope',
          client_info_json: { data: [{ 电话: '13800138000' }] },
        },
        40004,
        /子账号/,
      ],
      [
        {
          ...base,
          source: '任务',
          fail_recall_of_reason: '打雷',
          client_info_json: { data: [{ 电话: '13800138000' }] },
        },
        20002,
        /打雷/,
      ],
    ];
    for (const [params, code, msg] of cases) {
      const r = await call<Body>(t, s, '/api/addJsonOfAsync', params);
      assert.equal(r.code, code, `${JSON.stringify(params).slice(0, 80)} → ${r.msg}`);
      assert.match(r.msg, msg);
      assert.ok(!('data' in r));
    }
    assert.equal(await taskCount(t, teamId), count);
  });

  void it('5.7.1 imports an xlsx built from the template, and a GBK csv whose header says 手机号', async () => {
    const book = await xlsx([
      ['外呼名单'],
      ['姓名', '*电话', '地址'],
      ['张三', 13600136000, '广州'],
      ['李四', '136 0013 6001', ''],
    ]);
    const r = await upload(
      t,
      s,
      '/api/addExcelOfAsync',
      { ...base, source: '表格任务' },
      { field: 'upload', filename: 'a.xlsx', content: book },
    );
    assert.equal(r.code, 0, r.msg);
    assert.equal((r.data as { total: unknown }).total, null);
    const csv = iconv.encode('姓名,手机号\r\n赵六,13500135000\r\n钱七,1350013500x\r\n', 'gbk');
    const r2 = await upload(
      t,
      s,
      '/api/addExcelOfAsync',
      { ...base, source: 'csv任务' },
      { field: 'upload', filename: 'b.csv', content: csv },
    );
    assert.equal(r2.code, 0, r2.msg);
    await t.app.jobs.drain();
    for (const [res, phones] of [
      [r, ['13600136000', '13600136001']],
      [r2, ['13500135000']],
    ] as const) {
      const id = (res.data as { dial_task_main_id: number }).dial_task_main_id;
      const rows = await t.app.db.system
        .selectFrom('task_numbers')
        .select(['phone', 'columns'])
        .where('task_id', '=', String(id))
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((x) => x.phone),
        phones,
      );
    }
    const info = await call<Body>(t, s, '/api/getImportTaskInfo', {
      dial_task_main_id: (r2.data as { dial_task_main_id: number }).dial_task_main_id,
    });
    assert.deepEqual((info.data as { import_fail_data: unknown }).import_fail_data, [
      { 姓名: '钱七', 电话: '1350013500x', 地址: '' },
    ]);
  });

  void it('5.7.1 refuses empty, non-spreadsheet, template-less and oversized uploads', async () => {
    const count = await taskCount(t, teamId);
    const cases: [UploadPart | undefined, number][] = [
      [undefined, 30001],
      [{ field: 'upload', filename: 'e.xlsx', content: Buffer.alloc(0) }, 30001],
      [{ field: 'upload', filename: 'x.xlsx', content: Buffer.from('%PDF-1.4\n%\xff\xfe binary') }, 30002],
      [
        {
          field: 'upload',
          filename: 'x.xls',
          content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        },
        30002,
      ],
      [{ field: 'upload', filename: 'h.csv', content: Buffer.from('姓名,地址\n张三,深圳\n') }, 30003],
      [
        {
          field: 'upload',
          filename: 'big.csv',
          content: Buffer.from(`电话\n${'13800138000\n'.repeat(8000)}`),
        },
        40029,
      ],
    ];
    for (const [file, code] of cases) {
      const r = await upload(t, s, '/api/addExcelOfAsync', { ...base, source: '坏文件' }, file);
      assert.equal(r.code, code, `${file?.filename ?? 'none'} → ${r.msg}`);
    }
    const huge = multipart({ api_key: s.api_key, user_sn: s.user_sn, ...base, source: '超大' }, [
      { field: 'upload', filename: 'huge.csv', content: Buffer.alloc(400 * 1024, 0x31) },
    ]);
    const res = await t.http.inject({ method: 'POST', url: '/api/addExcelOfAsync', ...huge });
    assert.equal(res.json<Body>().code, 20002);
    assert.match(res.json<Body>().msg, /过大/);
    assert.equal(await taskCount(t, teamId), count);
  });

  void it('/api/addJson imports synchronously and answers with import_mark', async () => {
    const r = await call<Body>(t, s, '/api/addJson', {
      ...base,
      source: '同步任务',
      client_info_json: { data: [{ 电话: '13400134000' }, { 电话: '' }] },
    });
    assert.equal(r.code, 0, r.msg);
    assert.equal(r.msg, '导入成功');
    const d = r.data as { total: number; import_mark: Record<string, number> };
    assert.equal(d.total, 2);
    assert.equal(d.import_mark.successCount, 1);
    assert.equal(d.import_mark.failCount, 1);
    assert.equal(await t.app.jobs.drain(), 0, 'the safety-net job is already complete');
  });
});
