import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createScript, smallScript } from '../support/script-factories.js';
import { buildTestApp, call, newTenant, type Session } from '../support/test-app.js';

describe('5.11 exportModel — the task-import template of a script', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '导入模板');
  const other = await newTenant(t, '别人');
  const sn = (await createScript(t, s, smallScript())).data.project_sn;

  const get = (session: Session, params: Record<string, string>) =>
    t.http.inject({
      method: 'GET',
      url: '/api/exportModel',
      query: { api_key: session.api_key, user_sn: session.user_sn, ...params },
    });

  it('type=json returns the columns as one row, * on required ones', async () => {
    const res = await get(s, { project_sn: sn, type: 'json' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { code: 0, msg: '', data: [['姓名', '*电话', '*套餐']] });
  });

  it('type=extend describes the fields beyond 姓名/电话', async () => {
    const res = await get(s, { project_sn: sn, type: 'extend' });
    assert.deepEqual(res.json(), {
      code: 0,
      msg: '',
      data: [{ name: '套餐', required: 1, description: '当前宽带套餐名称', default: '' }],
    });
  });

  it('without type downloads an xlsx that exceljs reads back with the right header row', async () => {
    const res = await get(s, { project_sn: sn });
    assert.equal(res.statusCode, 200);
    assert.equal(
      res.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const disposition = String(res.headers['content-disposition']);
    assert.match(disposition, /^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
    assert.ok(disposition.includes(encodeURIComponent('宽带续费提醒-导入模板.xlsx')));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    assert.deepEqual(cells(sheet.getRow(1)), ['姓名', '*电话', '*套餐']);
    assert.equal(sheet.rowCount, 1);
    const notes = book.getWorksheet('字段说明');
    assert.deepEqual(cells(notes!.getRow(2)).slice(0, 3), ['套餐', '是', '当前宽带套餐名称']);
  });

  it('a demo template lists its own variables; POST works too', async () => {
    const demos = await call<{ data: { sn: string; project_caption: string }[] }>(t, s, '/api/templatelist');
    const payment = demos.data.find((d) => d.project_caption === '还款提醒-到期未还')!;
    const res = await call<{ data: string[][] }>(t, s, '/api/exportModel', {
      project_sn: payment.sn,
      type: 'json',
    });
    assert.deepEqual(res.data, [['*姓名', '*电话', '*欠款金额', '*还款日期', '产品名称']]);
  });

  it("refuses an unknown type, a missing project_sn and another team's template", async () => {
    assert.equal(res(await get(s, { project_sn: sn, type: 'pdf' })).code, 20002);
    assert.equal(res(await get(s, { type: 'json' })).code, 20002);
    assert.equal(res(await get(other, { project_sn: sn, type: 'json' })).code, 40004);
    const file = await get(other, { project_sn: sn });
    assert.match(String(file.headers['content-type']), /^application\/json/);
    assert.equal(res(file).code, 40004);
  });
});

/** A row's cell values (exceljs rows are 1-based sparse arrays). */
function cells(row: ExcelJS.Row): unknown[] {
  return Array.from({ length: row.cellCount }, (_, i) => row.getCell(i + 1).value);
}

function res(r: { json: <T>() => T }): { code: number } {
  return r.json<{ code: number }>();
}
