import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { customerRows, get, moveRows, salesTeam, type Body } from '../support/customer-factories.js';
import { multipart, type UploadPart } from '../support/multipart.js';
import { buildTestApp, call, type Session, type TestApp } from '../support/test-app.js';

type ListBody = { code: number; msg: string; data: { total: number; list: Record<string, unknown>[] } };

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(
  t: TestApp,
  s: Session,
  url: string,
  fields: Record<string, string | number>,
  file: UploadPart,
) {
  const body = multipart({ api_key: s.api_key, user_sn: s.user_sn, ...fields }, [file]);
  return (await t.http.inject({ method: 'POST', url, ...body })).json<Body>();
}

describe('6.7.1–6.7.5 customer imports and the pool list', async () => {
  const t = await buildTestApp();
  const team = await salesTeam(t, '客户池团队', 2);
  const [s1, s2] = team.sales as [Session, Session];
  const dnd = await call<Body>(t, team.main, '/api/importsExcelapi', { phone: '13700000009', term_value: 0 });
  assert.equal(dnd.code, 0, dnd.msg);

  it('6.7.1 imports add_json into the private pools of user_sn_input in turn, with the documented answer', async () => {
    const add_json = {
      data: [
        { 姓名: '张三', 电话: '13700000001', 地址: '深圳', 公司名称: '甲公司', 行业: '制造' },
        { 姓名: '李四', 电话: '+86 137-0000-0002' },
        { 姓名: '王五', 电话: '13700000003', 标签: '重点,回访' },
        { 姓名: '重复', 电话: '13700000001' },
        { 姓名: '坏号', 电话: '号码不详' },
        { 姓名: '防打扰', 电话: '13700000009' },
      ],
    };
    const r = await get(t, team.main, '/api/addCustomerJson', {
      add_json,
      user_sn_input: `${s1.user_sn},${s2.user_sn}`,
    });
    assert.deepEqual(r, { rst: '200', msg: '导入成功', total: 6, success_count: 3, fail: '2', repeat: '1' });
    const rows = await customerRows(t, team.main);
    assert.deepEqual(
      [...rows.values()].map((c) => [c.phone, c.owner_sn, c.follow_set_id]),
      [
        ['13700000001', s1.user_sn, -1],
        ['13700000002', s2.user_sn, -1],
        ['13700000003', s1.user_sn, -1],
      ],
    );
    const moves = await moveRows(t, team.main);
    assert.deepEqual(
      moves.map((m) => [m.phone, m.action, m.from_owner_id]),
      [
        ['13700000001', 'import', null],
        ['13700000002', 'import', null],
        ['13700000003', 'import', null],
      ],
    );
  });

  it('6.7.2 imports into the public pool; a phone the team already has is a repeat', async () => {
    const r = await get(t, team.main, '/api/addPublicCustomerJson', {
      add_json: JSON.stringify({
        data: [{ 手机号: '13700000011', 姓名: '赵六' }, { 手机号: '13700000001' }],
      }),
      auto_ignore: '1',
    });
    assert.deepEqual(r, { rst: '200', msg: '导入成功', total: 2, success_count: 1, fail: '0', repeat: '1' });
    const c = (await customerRows(t, team.main)).get('13700000011')!;
    assert.equal(c.owner_id, null);
    assert.equal(c.name, '赵六');
  });

  it('6.7.3 uploads an xlsx to /api/addCustomerJson; 6.7.4 uploads a csv to the public pool with follow_set_id', async () => {
    const sheet = await xlsx([
      ['姓名', '*电话', '公司名称', '意向产品'],
      ['孙七', '13700000021', '乙公司', '套餐A'],
      ['周八', '13700000022', '', ''],
    ]);
    const r = await upload(
      t,
      team.main,
      '/api/addCustomerJson',
      { user_sn_input: s2.user_sn },
      {
        field: 'upload',
        filename: 'c.xlsx',
        content: sheet,
      },
    );
    assert.deepEqual(r, { rst: '200', msg: '导入成功', total: 2, success_count: 2, fail: '0', repeat: '0' });
    const csv = '电话,姓名\n13700000031,吴九\n13700000031,吴九\n';
    const p = await upload(
      t,
      team.main,
      '/api/importPublicCustomerExcle',
      { auto_ignore: 0, follow_set_id: -2 },
      {
        field: 'upload',
        filename: 'c.csv',
        content: Buffer.from(csv),
      },
    );
    assert.deepEqual(p, { rst: '200', msg: '导入成功', total: 2, success_count: 1, fail: '0', repeat: '1' });
    const rows = await customerRows(t, team.main);
    assert.equal(rows.get('13700000021')!.owner_sn, s2.user_sn);
    assert.equal(rows.get('13700000031')!.follow_set_id, -2);
  });

  it('6.7.5 lists a pool with {total, list}, paging, namephone and update-window search', async () => {
    const pub = await get<ListBody>(t, team.main, '/api/customerList', { isPrivate: 0 });
    assert.equal(pub.code, 0, pub.msg);
    assert.deepEqual(pub.data.list.map((c) => c.phone).sort(), ['13700000011', '13700000031']);
    assert.equal(pub.data.total, 2);
    const all = await get<ListBody>(t, team.main, '/api/customerList', { isPrivate: 1, pageSize: 2 });
    assert.equal(all.data.total, 5);
    assert.equal(all.data.list.length, 2);
    const page3 = await get<ListBody>(t, team.main, '/api/customerList', {
      isPrivate: 1,
      pageSize: 2,
      pageIndex: 2,
    });
    assert.equal(page3.data.list.length, 1);
    const item = (
      await get<ListBody>(t, team.main, '/api/customerList', {
        isPrivate: 1,
        data: { namephone: '1370000002' },
      })
    ).data;
    assert.deepEqual(item.list.map((c) => c.phone).sort(), ['13700000021', '13700000022']);
    const sun = item.list.find((c) => c.phone === '13700000021')!;
    assert.equal(sun.name, '孙七');
    assert.equal(sun.unit, '乙公司');
    assert.deepEqual(sun.fields, { 意向产品: '套餐A' });
    assert.equal(sun.user_sn, s2.user_sn);
    assert.equal(sun.isPrivate, 1);
    assert.match(String(sun.updated_at), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const byName = await get<ListBody>(t, team.main, '/api/customerList', {
      isPrivate: 1,
      data: { namephone: '王' },
    });
    assert.deepEqual(
      byName.data.list.map((c) => [c.phone, c.tags]),
      [['13700000003', ['重点', '回访']]],
    );
    const future = await get<ListBody>(t, team.main, '/api/customerList', {
      isPrivate: 1,
      data: JSON.stringify({ updated_at_start: '2999-01-01', updated_at_end: '2999-01-02' }),
    });
    assert.equal(future.data.total, 0);
    const today = await get<ListBody>(t, team.main, '/api/customerList', {
      isPrivate: 1,
      data: { updated_at_start: '2000-01-01 00:00:00' },
    });
    assert.equal(today.data.total, 5);
  });

  it('6.7.5 shows a sub-account only its own private customers, everyone the public pool', async () => {
    const mine = await get<ListBody>(t, s1, '/api/customerList', { isPrivate: 1 });
    assert.deepEqual(mine.data.list.map((c) => c.phone).sort(), ['13700000001', '13700000003']);
    const pub = await get<ListBody>(t, s1, '/api/customerList', { isPrivate: 0 });
    assert.equal(pub.data.total, 2);
  });

  it('bad input gets the documented codes and changes nothing', async () => {
    const before = (await customerRows(t, team.main)).size;
    const movesBefore = (await moveRows(t, team.main)).length;
    const bad = await get(t, team.main, '/api/addCustomerJson', {
      add_json: '{"data":[',
      user_sn_input: s1.user_sn,
    });
    assert.deepEqual([bad.rst, bad.code], ['20002', 20002]);
    assert.equal('data' in bad, false);
    const unknown = await get(t, team.main, '/api/addCustomerJson', {
      add_json: { data: [{ 电话: '13700000041' }] },
      user_sn_input: `${s1.user_sn},SYSUSER|00000000000000000000000000000000`,
    });
    assert.equal(unknown.code, 40004);
    assert.match(unknown.msg, /子账号不存在/);
    const noPhone = await get(t, team.main, '/api/addPublicCustomerJson', {
      add_json: { data: [{ 姓名: '无号码' }] },
      auto_ignore: 1,
    });
    assert.equal(noPhone.code, 30003);
    const notSheet = await upload(
      t,
      team.main,
      '/api/importPublicCustomerExcle',
      { auto_ignore: 1, follow_set_id: -1 },
      {
        field: 'upload',
        filename: 'x.xlsx',
        content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
      },
    );
    assert.equal(notSheet.code, 30002);
    const badFollow = await upload(
      t,
      team.main,
      '/api/importPublicCustomerExcle',
      { auto_ignore: 1, follow_set_id: 7 },
      {
        field: 'upload',
        filename: 'c.csv',
        content: Buffer.from('电话\n13700000051\n'),
      },
    );
    assert.equal(badFollow.code, 20002);
    assert.equal((await get(t, team.main, '/api/customerList', { isPrivate: 3 })).code, 20002);
    assert.equal((await get(t, team.main, '/api/customerList', { isPrivate: 1, data: '{oops' })).code, 20002);
    assert.equal(
      (
        await get(t, team.main, '/api/customerList', {
          isPrivate: 1,
          data: { updated_at_start: 'yesterday' },
        })
      ).code,
      20002,
    );
    assert.equal((await customerRows(t, team.main)).size, before);
    assert.equal((await moveRows(t, team.main)).length, movesBefore);
  });

  it('needs the customer permissions: a sub-account without them gets 20007', async () => {
    const made = await call<Body>(t, team.main, '/api/aiUserSaveapi', {
      user_name: `nocrm${process.pid % 1000}`,
      contact: '无权限',
      password: 'secret12',
      re_password: 'secret12',
      max_call_count: 1,
    });
    assert.equal(made.code, 0, made.msg);
    const login = await call<{ data: { api_key: string; user_sn: string } }>(t, null, '/api/login', {
      username: `nocrm${process.pid % 1000}`,
      password: 'secret12',
      from: 2,
    });
    const r = await get(t, login.data, '/api/customerList', { isPrivate: 0 });
    assert.equal(r.code, 20007);
  });
});
