import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parseDateTime } from '../../src/lib/clock.js';
import { insertScript, sessionIds } from '../support/import-factories.js';
import { multipart } from '../support/multipart.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = { code: number; msg: string } & Record<string, unknown>;
interface Item {
  id: number;
  name: string | null;
  phone: string;
  unit: string;
  address: string;
  remark: string;
  term_value: string;
  created_at: string;
  is_auto: string;
  term_time: string;
}

void describe('8.x DND list', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '防打扰租户');
  const { teamId } = await sessionIds(t, s);
  const list = async (params: Record<string, unknown> = {}) =>
    call<{ total: number; datas: Item[] }>(t, s, '/api/BlackListListsDataapi', params);

  void it('8.4 adds one number with its details and term; 8.1 lists it in the reference shape', async () => {
    const r = await call<Body>(t, s, '/api/importsExcelapi', {
      phone: '+86 138-0013-8000',
      term_value: '15',
      name: '张三',
      unit: '某公司',
      address: '深圳',
      remark: '客户投诉',
    });
    assert.equal(r.code, 0, r.msg);
    assert.equal(r.msg, '添加成功');
    assert.equal(r.success_count, 1);
    const page = await list();
    assert.deepEqual(Object.keys(page), ['total', 'datas']);
    assert.equal(page.total, 1);
    const item = page.datas[0]!;
    assert.deepEqual(
      { ...item, id: 0, created_at: '', term_time: '' },
      {
        id: 0,
        name: '张三',
        phone: '13800138000',
        unit: '某公司',
        address: '深圳',
        remark: '客户投诉',
        term_value: '15',
        created_at: '',
        is_auto: '人工导入',
        term_time: '',
      },
    );
    const created = parseDateTime(item.created_at)!.getTime();
    assert.equal(parseDateTime(item.term_time)!.getTime() - created, 15 * 86_400_000);
  });

  void it('8.4 refuses a value that is not a number, and a call with neither phone nor file', async () => {
    assert.equal((await call<Body>(t, s, '/api/importsExcelapi', { phone: '12ab' })).code, 20002);
    assert.equal((await call<Body>(t, s, '/api/importsExcelapi', { term_value: 3 })).code, 20002);
    assert.equal(
      (await call<Body>(t, s, '/api/importsExcelapi', { phone: '13800138001', term_value: -1 })).code,
      20002,
    );
  });

  void it('8.4 adds the numbers of an uploaded sheet (header 手机号), counting bad and repeated rows', async () => {
    const csv = '手机号,姓名,备注\n13900139001,甲,\n13900139002,乙,说过不要打\n13900139001,甲,\nnope,丙,\n';
    const body = multipart({ api_key: s.api_key, user_sn: s.user_sn, term_value: 0 }, [
      { field: 'upload', filename: 'dnd.csv', content: Buffer.from(csv) },
    ]);
    const r = (await t.http.inject({ method: 'POST', url: '/api/importsExcelapi', ...body })).json<Body>();
    assert.equal(r.code, 0, r.msg);
    assert.deepEqual([r.total, r.success_count, r.fail, r.repeat], [4, 2, 1, 1]);
    assert.deepEqual(r.fail_data, [{ row: 5, phone: 'nope', reason: '号码格式错误' }]);
    const found = await list({ phone: '1390013900' });
    assert.equal(found.total, 2);
    const permanent = found.datas.find((d) => d.phone === '13900139002')!;
    assert.deepEqual([permanent.term_value, permanent.term_time, permanent.remark], ['0', '', '说过不要打']);
    const paged = await list({ pageSize: 1, pageIndex: 1 });
    assert.equal(paged.total, 3);
    assert.equal(paged.datas.length, 1);
  });

  void it('8.3 downloads the list as xlsx', async () => {
    const res = await t.http.inject({
      method: 'GET',
      url: `/api/downloadBlacklistapi?api_key=${s.api_key}&user_sn=${encodeURIComponent(s.user_sn)}`,
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getRow(1).getCell(2).text, '号码');
    const phones = [2, 3, 4].map((r) => ws.getRow(r).getCell(2).text).sort();
    assert.deepEqual(phones, ['13800138000', '13900139001', '13900139002']);
    const one = (await list({ phone: '13800138000' })).datas[0]!;
    const only = await t.http.inject({
      method: 'GET',
      url: `/api/downloadBlacklistapi?api_key=${s.api_key}&user_sn=${encodeURIComponent(s.user_sn)}&ids_json=${encodeURIComponent(JSON.stringify([String(one.id)]))}`,
    });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(only.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb2.worksheets[0]!.rowCount, 2);
  });

  void it('8.2 removes by ids_json or phone_str and counts what was not found', async () => {
    const items = (await list({ pageSize: 10 })).datas;
    const byId = items.find((d) => d.phone === '13800138000')!;
    const r = await call<Body>(t, s, '/api/BlackListDelete', {
      ids_json: JSON.stringify([String(byId.id), '999999']),
    });
    assert.deepEqual(r, { code: 0, msg: '移除成功', success: 1, fail: 1 });
    const r2 = await call<Body>(t, s, '/api/BlackListDelete', { phone_str: '139 0013 9001,13700000000' });
    assert.deepEqual(r2, { code: 0, msg: '移除成功', success: 1, fail: 1 });
    assert.equal((await call<Body>(t, s, '/api/BlackListDelete', {})).code, 20002);
    assert.equal((await list()).total, 1);
  });

  void it("keeps teams apart: another team neither sees nor removes this team's entries", async () => {
    const other = await newTenant(t, '隔壁租户');
    const theirs = await call<{ total: number }>(t, other, '/api/BlackListListsDataapi', {});
    assert.equal(theirs.total, 0);
    const mine = (await list()).datas[0]!;
    const r = await call<Body>(t, other, '/api/BlackListDelete', { ids_json: [String(mine.id)] });
    assert.deepEqual([r.success, r.fail], [0, 1]);
    assert.equal((await list()).total, 1);
  });

  void it('addToDnd (the robot): extends terms, permanent wins, and imports then skip the number', async () => {
    const dnd = t.app.services.dnd;
    await dnd.addToDnd(teamId, {
      phone: '13700137000',
      source: '机器人',
      termDays: 3,
      remark: '客户要求不再来电',
    });
    await t.app.db.system.transaction().execute(async (trx) => {
      await dnd.addToDnd({ trx, teamId }, { phone: '137 0013 7000', source: '机器人', termDays: 1 });
    });
    let item = (await list({ phone: '13700137000' })).datas[0]!;
    assert.deepEqual([item.term_value, item.is_auto, item.remark], ['3', '机器人', '客户要求不再来电']);
    await dnd.addToDnd(teamId, { phone: '13700137000', source: '机器人' });
    item = (await list({ phone: '13700137000' })).datas[0]!;
    assert.deepEqual([item.term_value, item.term_time], ['0', '']);
    await assert.rejects(dnd.addToDnd(teamId, { phone: 'x', source: '机器人' }), /号码格式错误/);
    assert.deepEqual(
      [...(await dnd.blockedNumbers(teamId, ['13700137000', '13700137001']))],
      ['13700137000'],
    );

    const script = await insertScript(t, teamId);
    const created = await call<{ code: number; data: { dial_task_main_id: number } }>(t, s, '/api/addJson', {
      project_sn: script.sn,
      ai_user_sn: s.user_sn,
      source: '防打扰过滤',
      client_info_json: { data: [{ 电话: '13700137000' }, { 电话: '13700137001' }] },
    });
    assert.equal(created.code, 0);
    const info = await call<{ data: { import_mark: Record<string, number> } }>(
      t,
      s,
      '/api/getImportTaskInfo',
      {
        dial_task_main_id: created.data.dial_task_main_id,
      },
    );
    assert.equal(info.data.import_mark.blacklistCount, 1);
    assert.equal(info.data.import_mark.successCount, 1);
  });
});
