import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../src/lib/clock.js';
import { loadRecordPayloads } from '../../src/services/call-record/record-payload.js';
import { FixedClock } from '../support/fixed-clock.js';
import {
  insertRecord,
  insertScript,
  insertTask,
  newSubAccount,
  tenantIds,
} from '../support/record-factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Rec = Record<string, unknown> & { sn: string; id: number };
type ListBody = { code: number; msg: string; data: { total: number; list: Rec[] } };
type Body = Record<string, unknown> & { code: number; msg: string };

const sh = (text: string) => parseDateTime(text, 'Asia/Shanghai')!;

describe('6.1 crmList, 6.4 cdrshow, 6.5 codes, manual classification', async () => {
  const clock = new FixedClock(sh('2024-10-08 10:00:00'));
  const t = await buildTestApp({}, clock);
  const a = await newTenant(t, '租户A');
  const b = await newTenant(t, '租户B');
  const sub = await newSubAccount(t, a, 'a_agent1');
  const A = await tenantIds(t, a);
  const B = await tenantIds(t, b);
  const S = await tenantIds(t, sub);

  const p1 = await insertScript(t, A.teamId, '催缴话术');
  const p2 = await insertScript(t, A.teamId, '回访话术');
  const t1 = await insertTask(t, A.teamId, { accountId: A.accountId, scriptId: p1.id, name: '十月催缴' });
  const t2 = await insertTask(t, A.teamId, { accountId: A.accountId, scriptId: p2.id, name: '十月回访' });
  const t3 = await insertTask(t, A.teamId, { accountId: S.accountId, scriptId: p1.id, name: '坐席任务' });
  const turns = [
    {
      caption: '您好,这里是某某公司',
      title: '01打招呼+开场白',
      answer: '嗯你说',
      score: 80,
      labelling: '肯定',
    },
    { caption: '请问您方便吗', title: '02企业介绍', answer: '你们是哪家', match: 'noMatch' },
  ];
  const r1 = await insertRecord(t, A.teamId, {
    createdAt: sh('2024-10-08 09:00:00'),
    taskId: t1.id,
    scriptId: p1.id,
    accountId: A.accountId,
    phone: '13800000001',
    name: '张三',
    columns: { 姓名: '张三', 地址: '上海', 公司名称: '甲公司', 备注: '老客户' },
    talktimes: 88,
    turnCount: 5,
    asksCount: 2,
    score: 90,
    grade: 'A',
    gradeReason: '明确有意向',
    labels: ['有意向'],
    turns,
  });
  const r2 = await insertRecord(t, A.teamId, {
    createdAt: sh('2024-10-08 09:30:00'),
    taskId: t2.id,
    scriptId: p2.id,
    accountId: A.accountId,
    phone: '13800000002',
    name: '李四',
    result: '空号',
    resultCode: 3,
    grade: 'F',
  });
  const r3 = await insertRecord(t, A.teamId, {
    createdAt: sh('2024-10-07 23:59:59'),
    taskId: t1.id,
    scriptId: p1.id,
    accountId: A.accountId,
    phone: '02188886666',
    grade: 'B',
    talktimes: 30,
    turnCount: 2,
  });
  const r4 = await insertRecord(t, A.teamId, {
    createdAt: sh('2024-08-01 08:00:00'),
    updatedAt: sh('2024-10-08 08:00:00'),
    taskId: t2.id,
    scriptId: p2.id,
    accountId: A.accountId,
    phone: '13900000004',
    grade: 'C',
    statusManual: 'A',
    mark: '已回访,要求下周再联系',
  });
  const r5 = await insertRecord(t, A.teamId, {
    createdAt: sh('2024-10-08 09:45:00'),
    taskId: t3.id,
    scriptId: p1.id,
    accountId: S.accountId,
    phone: '13800000005',
    columns: { 姓名: '王五' },
    grade: 'B',
  });
  const rb = await insertRecord(t, B.teamId, { createdAt: sh('2024-10-08 09:10:00'), grade: 'A' });

  const list = (params: Record<string, unknown>, s = a) => call<ListBody>(t, s, '/api/crmList', params);
  const sns = (body: ListBody) => body.data.list.map((r) => r.sn);

  it("empty window = today in the team's zone; envelope and order (created_at, id)", async () => {
    const body = await list({});
    assert.equal(body.code, 0);
    assert.equal(body.data.total, 3);
    assert.deepEqual(sns(body), [r1.sn, r2.sn, r5.sn], '23:59:59 yesterday (Shanghai) is not today');
    const first = body.data.list[0]!;
    for (const key of [
      'id',
      'sn',
      'user_sn',
      'user_name',
      'parent_sn',
      'team_sn',
      'team_name',
      'created_at',
    ]) {
      assert.ok(key in first, key);
    }
    assert.equal(first.created_at, '2024-10-08 09:00:00');
    assert.equal(first.name, '张三');
    assert.equal(first.address, '上海');
    assert.equal(first.unit, '甲公司');
    assert.equal(first.project_caption, '催缴话术');
    assert.equal(first.source, '十月催缴');
    assert.equal(first.dial_task_main_sn, t1.sn);
    assert.equal(first.status, 'A');
    assert.equal(first.grade_reason, '明确有意向');
    assert.equal(first.user_sn, a.user_sn);
    assert.equal(first.parent_sn, null);
    assert.equal(first.recordfile, '');
    const unanswered = body.data.list[1]!;
    assert.equal(unanswered.connected_at, null);
    assert.equal(unanswered.hangup_serial_number, 3);
    assert.equal(unanswered.hangup_reason, '空号');
  });

  it('paging: pages are disjoint and complete; pageSize over 10000 or a negative page → 20002', async () => {
    const window = { start_create_at: '2024-01-01', end_create_at: '2024-12-31' };
    const p0 = await list({ ...window, pageIndex: 0, pageSize: 2 });
    const p1 = await list({ ...window, pageIndex: '1', pageSize: '2' });
    const p2 = await list({ ...window, pageIndex: 2, pageSize: 2 });
    assert.equal(p0.data.total, 5);
    assert.deepEqual([...sns(p0), ...sns(p1), ...sns(p2)], [r4.sn, r3.sn, r1.sn, r2.sn, r5.sn]);
    assert.equal((await list({ pageSize: 10_000 })).code, 0);
    assert.equal((await list({ pageSize: 10_001 })).code, 20002);
    assert.equal((await list({ pageIndex: -1 })).code, 20002);
  });

  it('windows: whole days for dates, inclusive date-time ends', async () => {
    assert.deepEqual(sns(await list({ start_create_at: '2024-10-07', end_create_at: '2024-10-07' })), [
      r3.sn,
    ]);
    const edge = await list({ start_create_at: '2024-10-07 00:00:00', end_create_at: '2024-10-07 23:59:59' });
    assert.deepEqual(sns(edge), [r3.sn]);
    const before = await list({
      start_create_at: '2024-10-07 00:00:00',
      end_create_at: '2024-10-07 23:59:58',
    });
    assert.equal(before.data.total, 0);
    assert.equal((await list({ start_create_at: '2024-10-08 09:40:00' })).data.total, 1);
  });

  it('updated_at: records updated at or after it, whatever their creation day', async () => {
    assert.deepEqual(sns(await list({ updated_at: '2024-10-08 08:00:00' })), [r4.sn, r1.sn, r2.sn, r5.sn]);
    assert.deepEqual(sns(await list({ updated_at: '2024-10-08 09:40:00' })), [r5.sn]);
  });

  it('phone, namephone, task, project and ids_json filters', async () => {
    const all = { start_create_at: '2024-01-01', end_create_at: '2024-12-31' };
    assert.deepEqual(sns(await list({ ...all, phone: '13800000002' })), [r2.sn]);
    assert.deepEqual(sns(await list({ ...all, namephone: '张' })), [r1.sn]);
    assert.deepEqual(sns(await list({ ...all, namephone: '0004' })), [r4.sn]);
    assert.deepEqual(sns(await list({ ...all, namephone: '王' })), [r5.sn], 'a name only in the columns');
    assert.deepEqual(sns(await list({ ...all, namephone: '%' })), [], 'LIKE wildcards are literal');
    assert.deepEqual(sns(await list({ ...all, dial_task_main_sn: t1.sn })), [r3.sn, r1.sn]);
    assert.deepEqual(sns(await list({ ...all, dial_task_main_sn: `${t1.sn},${t3.sn}` })), [
      r3.sn,
      r1.sn,
      r5.sn,
    ]);
    assert.deepEqual(sns(await list({ ...all, project_sn: p2.sn })), [r4.sn, r2.sn]);
    const ids = JSON.stringify([String(r2.id), r5.sn]);
    assert.deepEqual(sns(await list({ ...all, ids_json: ids })), [r2.sn, r5.sn]);
    assert.deepEqual(sns(await list({ ...all, ids_json: [Number(r1.id)] })), [r1.sn]);
  });

  it('numeric ranges, hang-up code and area code', async () => {
    const all = { start_create_at: '2024-01-01', end_create_at: '2024-12-31' };
    assert.deepEqual(sns(await list({ ...all, talktimes_min: 61 })), [r1.sn]);
    assert.deepEqual(sns(await list({ ...all, talktimes_min: '1', talktimes_max: '59' })), [r3.sn]);
    assert.deepEqual(sns(await list({ ...all, turn_count_min: 2, turn_count_max: 2 })), [r3.sn]);
    assert.deepEqual(sns(await list({ ...all, score_min: 90 })), [r1.sn]);
    assert.deepEqual(sns(await list({ ...all, asks_count_min: 1, asks_count_max: 5 })), [r1.sn]);
    assert.deepEqual(sns(await list({ ...all, hangup_serial_number: 3 })), [r2.sn]);
    assert.deepEqual(sns(await list({ ...all, hangup_serial_number: '2,3' })), [r2.sn]);
    const fixed = await list({ ...all, area_code: '021' });
    assert.deepEqual(sns(fixed), [r3.sn]);
    assert.equal(fixed.data.list[0]!.area_code, '021');
  });

  it('status_search with status (comma list) or status_value (array)', async () => {
    const all = { start_create_at: '2024-01-01', end_create_at: '2024-12-31' };
    assert.deepEqual(sns(await list({ ...all, status: 'A,B' })), [r3.sn, r1.sn, r5.sn]);
    assert.deepEqual(sns(await list({ ...all, status_search: 'status', status_value: ['c'] })), [r4.sn]);
    const manual = await list({ ...all, status_search: 'status_manual', status_value: ['A', 'B', 'C'] });
    assert.deepEqual(sns(manual), [r4.sn]);
    assert.equal(manual.data.list[0]!.status, 'C', 'the AI grade stays as it was');
    assert.equal(manual.data.list[0]!.status_manual, 'A');
    assert.equal((await list({ ...all, status_search: 'grade' })).code, 20002);
  });

  it('mark, dynamic_labelling; unsupported filters are accepted', async () => {
    const all = { start_create_at: '2024-01-01', end_create_at: '2024-12-31' };
    assert.deepEqual(sns(await list({ ...all, mark: '回访' })), [r4.sn]);
    assert.deepEqual(sns(await list({ ...all, mark: '老客户' })), [], 'mark filters the remark, not columns');
    assert.deepEqual(sns(await list({ ...all, dynamic_labelling: '有意向' })), [r1.sn]);
    assert.equal((await list({ ...all, warning_times_min: 1 })).data.total, 0);
    const noOps = await list({
      ...all,
      qc_status: 1,
      return_visit: '1',
      seating_assistance: [1],
      foo: 'bar',
    });
    assert.equal(noOps.data.total, 5);
  });

  it('bad input → 20002 naming the field', async () => {
    const bad = async (params: Record<string, unknown>, field: RegExp) => {
      const body = await call<Body>(t, a, '/api/crmList', params);
      assert.equal(body.code, 20002, JSON.stringify(params));
      assert.match(body.msg, field);
      assert.ok(!('data' in body));
    };
    await bad({ start_create_at: 'yesterday' }, /start_create_at/);
    await bad({ end_create_at: '2024-13-01' }, /end_create_at/);
    await bad({ talktimes_min: 'ten' }, /talktimes_min/);
    await bad({ score_min: 10, score_max: 1 }, /score/);
    await bad({ start_create_at: '2024-10-09', end_create_at: '2024-10-08' }, /start_create_at/);
  });

  it('the 6.6.1 push loader gives exactly the 6.1 item', async () => {
    const item = (await list({ phone: '13800000001' })).data.list[0]!;
    const pushed = await t.app.db.tenant(A.teamId, (trx) =>
      loadRecordPayloads(trx, [String(r1.id), '999999'], 'Asia/Shanghai'),
    );
    assert.deepEqual(pushed, [item]);
    const other = await t.app.db.tenant(B.teamId, (trx) => loadRecordPayloads(trx, [String(r1.id)], 'UTC'));
    assert.deepEqual(other, [], "another team's transaction cannot load it");
  });

  it('answers GET with query parameters too', async () => {
    const qs = new URLSearchParams({ api_key: a.api_key, user_sn: a.user_sn, phone: '13800000001' });
    const res = await t.http.inject({ method: 'GET', url: `/api/crmList?${qs.toString()}` });
    assert.deepEqual(sns(res.json<ListBody>()), [r1.sn]);
  });

  it("another team's records: invisible in lists, not found by sn", async () => {
    const all = { start_create_at: '2024-01-01', end_create_at: '2024-12-31' };
    const theirs = await list({ ...all, ids_json: [String(r1.id), r1.sn] }, b);
    assert.equal(theirs.data.total, 0);
    assert.deepEqual(sns(await list({}, b)), [rb.sn]);
    const show = await call<Body>(t, b, '/api/cdrshow', { accounts_sn: r1.sn, connected_at: '' });
    assert.equal(show.code, 40004);
    const classify = await call<Body>(t, b, '/ext/setStatusManual', {
      accounts_sn: r1.sn,
      status_manual: 'E',
    });
    assert.equal(classify.code, 40004);
    const mine = await list({ phone: '13800000001' });
    assert.equal(mine.data.list[0]!.status_manual, '');
  });

  it('a sub-account sees the records of its own tasks only', async () => {
    const all = { start_create_at: '2024-01-01', end_create_at: '2024-12-31' };
    const body = await list(all, sub);
    assert.deepEqual(sns(body), [r5.sn]);
    assert.equal(body.data.list[0]!.user_name, 'a_agent1');
    assert.equal(body.data.list[0]!.parent_sn, a.user_name);
    assert.equal((await call<Body>(t, sub, '/api/cdrshow', { accounts_sn: r1.sn })).code, 40004);
  });

  it("the console's day statistics count what each account sees, as the list does", async () => {
    const stats = async (who: typeof a) =>
      (
        await call<{ code: number; data: { calls: number } }>(t, who, '/ext/console/stats', {
          day: '2024-10-08',
        })
      ).data.calls;
    assert.equal(await stats(a), 3, "the main account: the team's three records of the day");
    assert.equal(await stats(sub), 1, 'the sub-account: the record of its own task');
  });

  it('6.4 cdrshow: nested fragment with every turn field; connected_at is not needed to match', async () => {
    const body = await call<{ code: number; data: { fragment: Record<string, unknown>[][] } & Body }>(
      t,
      a,
      '/api/cdrshow',
      { accounts_sn: r1.sn, connected_at: '2000-01-01 00:00:00' },
    );
    assert.equal(body.code, 0);
    assert.equal(body.data.fragment.length, 1);
    const [first, second] = body.data.fragment[0]!;
    assert.deepEqual(Object.keys(first!).sort(), [
      'answer',
      'caption',
      'fenduanluyin',
      'is_answer',
      'labelling',
      'outType',
      'process_code',
      'score',
      'title',
      'vocfile',
    ]);
    assert.equal(first!.caption, '您好,这里是某某公司');
    assert.equal(first!.title, '01打招呼+开场白');
    assert.equal(first!.answer, '嗯你说');
    assert.equal(first!.is_answer, 1);
    assert.equal(first!.labelling, '肯定');
    assert.equal(second!.answer, '你们是哪家');
    assert.equal(body.data.accounts_sn, r1.sn);
    assert.equal(body.data.connected_at, '2024-10-08 08:58:58');
    const empty = await call<{ data: { fragment: unknown[][] } }>(t, a, '/api/cdrshow', {
      accounts_sn: r2.sn,
    });
    assert.deepEqual(empty.data.fragment, [[]]);
    assert.equal((await call<Body>(t, a, '/api/cdrshow', {})).code, 20002);
    assert.equal((await call<Body>(t, a, '/api/cdrshow', { accounts_sn: 'account|nope' })).code, 40004);
  });

  it('manual classification: kept apart from the AI grade, bumps updated_at, validated', async () => {
    clock.set(sh('2024-10-08 10:05:00'));
    const before = Date.now();
    const ok = await call<Body & { data: Record<string, string> }>(t, a, '/ext/setStatusManual', {
      accounts_sn: r2.sn,
      status_manual: 'b',
      mark: '客户说号码已换',
    });
    assert.equal(ok.code, 0);
    assert.deepEqual(ok.data, { accounts_sn: r2.sn, status_manual: 'B' });
    const rec = (await list({ phone: '13800000002' })).data.list[0]!;
    assert.equal(rec.status_manual, 'B');
    assert.equal(rec.status, 'F');
    assert.equal(rec.mark, '客户说号码已换');
    const row = await t.app.db.system
      .selectFrom('call_records')
      .select(['updated_at', 'manual_by'])
      .where('sn', '=', r2.sn)
      .executeTakeFirstOrThrow();
    assert.ok(row.updated_at.getTime() >= before - 1000, 'updated_at moved to now');
    assert.equal(row.manual_by, A.accountId);
    const bad = await call<Body>(t, a, '/ext/setStatusManual', { accounts_sn: r2.sn, status_manual: 'AB' });
    assert.equal(bad.code, 20002);
    const cleared = await call<Body>(t, a, '/ext/setStatusManual', { accounts_sn: r2.sn, status_manual: '' });
    assert.equal(cleared.code, 0);
    assert.equal((await list({ phone: '13800000002' })).data.list[0]!.status_manual, '');
  });

  it('6.5 codes are listed by the extended API', async () => {
    const res = await t.http.inject({ method: 'GET', url: '/ext/callResults' });
    const body = res.json<{ code: number; data: { id: number; name: string; alias: string }[] }>();
    assert.equal(body.code, 0);
    assert.deepEqual(
      body.data.map((r) => r.id),
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      body.data.find((r) => r.id === 3),
      {
        id: 3,
        name: '空号',
        alias: 'does not exist',
        family: 'callee',
        retry: 'never',
        results: ['vacant'],
      },
    );
  });
});
