import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  daysAgo,
  insertCallHistory,
  insertDnd,
  insertScript,
  sessionIds,
  type CallSpec,
} from '../support/import-factories.js';
import { buildTestApp, call, newTenant, type Session, type TestApp } from '../support/test-app.js';

type Body = { code: number; msg: string; data?: Record<string, unknown> } & Record<string, unknown>;
type Mark = Record<string, number>;

interface Imported {
  taskId: string;
  taskSn: string;
  mark: Mark;
  fail: Record<string, string>[];
  numbers: { phone: string; status: number; detection: string | null }[];
}

/** Imports `phones` (one row each) through 5.7.2 and the job runner; returns the outcome. */
async function importPhones(
  t: TestApp,
  s: Session,
  base: Record<string, unknown>,
  phones: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<Imported> {
  const created = await call<Body>(t, s, '/api/addJsonOfAsync', {
    ...base,
    source: '流水线',
    client_info_json: { data: phones.map((p, i) => ({ 姓名: `客户${i}`, 电话: p })) },
    ...extra,
  });
  assert.equal(created.code, 0, created.msg);
  const { dial_task_main_id: id, dial_task_main_sn: sn } = created.data as {
    dial_task_main_id: number;
    dial_task_main_sn: string;
  };
  await t.app.jobs.drain();
  const info = await call<Body>(t, s, '/api/getImportTaskInfo', { dial_task_main_id: id });
  const d = info.data as {
    import_mark: Mark;
    import_fail_data: Record<string, string>[];
    import_fail_reasons: string[];
  };
  // Rows carry only their original columns; the reasons come beside them, index for index.
  const fail = d.import_fail_data.map((row, i) => ({ row, reason: d.import_fail_reasons[i] }));
  const numbers = await t.app.db.system
    .selectFrom('task_numbers')
    .select(['phone', 'status', 'detection'])
    .where('task_id', '=', String(id))
    .orderBy('id')
    .execute();
  return {
    taskId: String(id),
    taskSn: sn,
    mark: d.import_mark,
    fail: fail.map((f) => ({ ...f.row, reason: f.reason ?? '' })),
    numbers,
  };
}

const DETECTION = ['shiCount', 'kongCount', 'tingjiCount', 'kuwuCount', 'chenmoCount', 'fenxianCount'];
const sum = (m: Mark, keys: readonly string[]) => keys.reduce((n, k) => n + (m[k] ?? 0), 0);

/**
 * The two identities compat-notes states: (1) totalCount = fail + repeat + blacklist + filter + chaopin + the six
 * detection classes (successCount is not a term: it overlaps the classes); (2) the six classes = successCount +
 * the numbers held back (stored with status 4), i.e. every row that reached detection was stored.
 */
function assertAddsUp(m: Mark, rows: number, numbers: readonly { status: number }[]): void {
  const rejected = sum(m, ['failCount', 'repeatCount', 'blacklistCount', 'filterCount', 'chaopinCount']);
  assert.equal(m.totalCount, rows);
  assert.equal(rejected + sum(m, DETECTION), m.totalCount);
  const heldBack = numbers.filter((n) => n.status === 4).length;
  assert.equal(sum(m, DETECTION), m.successCount! + heldBack);
  assert.equal(numbers.length, m.successCount! + heldBack);
}

const phone = (n: number) => String(13_800_000_000 + n);

void describe('import stages', async () => {
  // Every import of this suite is parsed in a worker thread, as large files are (chunk-source.ts).
  const t = await buildTestApp({ IMPORT_CHUNK_ROWS: '100', IMPORT_PARSE_THREAD_MIN_BYTES: '0' });
  const s = await newTenant(t, '流水线租户');
  const { teamId } = await sessionIds(t, s);
  const script = await insertScript(t, teamId);
  const base = { project_sn: script.sn, ai_user_sn: s.user_sn };

  void it('gives every row one disposition across chunk boundaries (chunks of 100 rows)', async () => {
    await insertDnd(t, teamId, phone(1));
    const rows = Array.from({ length: 250 }, (_, i) => phone(1000 + i));
    rows[0] = phone(1); // DND
    rows[150] = phone(1); // the same DND number again, two chunks later: a repeat, not a second blacklist
    rows[120] = rows[5]!; // a duplicate of a stored number from an earlier chunk
    rows[7] = 'not-a-number';
    rows[60] = rows[61]!; // a duplicate inside one chunk
    const r = await importPhones(t, s, base, rows);
    assertAddsUp(r.mark, 250, r.numbers);
    assert.equal(r.mark.blacklistCount, 1);
    assert.equal(r.mark.repeatCount, 3);
    assert.equal(r.mark.failCount, 1);
    assert.equal(r.mark.successCount, 245);
    assert.equal(r.numbers.length, 245);
    assert.deepEqual(
      r.fail.map((f) => [f['电话'], f.reason]),
      [
        [phone(1), '号码在防打扰名单中'],
        ['not-a-number', '号码格式错误'],
        [phone(1061), '导入数据中号码重复'],
        [phone(1005), '任务中已有该号码'],
        [phone(1), '导入数据中号码重复'],
      ],
    );
  });

  void it('applies DND entries in force only (term_value days, 0 = permanent)', async () => {
    await insertDnd(t, teamId, phone(2), { expiresAt: daysAgo(1), termValue: 1 });
    await insertDnd(t, teamId, phone(3), { expiresAt: daysAgo(-3), termValue: 5 });
    await insertDnd(t, teamId, phone(4), { expiresAt: null });
    const r = await importPhones(t, s, base, [phone(2), phone(3), phone(4)]);
    assert.equal(r.mark.blacklistCount, 2);
    assert.deepEqual(
      r.numbers.map((n) => n.phone),
      [phone(2)],
    );
  });

  void it('repeats numbers of the task on append, and of other tasks inside the cross-task window', async () => {
    const first = await importPhones(t, s, base, [phone(20), phone(21)]);
    const appended = await call<Body>(t, s, '/api/addJsonOfAsync', {
      dial_task_main_sn: first.taskSn,
      client_info_json: { data: [{ 电话: phone(20) }, { 电话: phone(22) }] },
    });
    assert.equal(appended.code, 0, appended.msg);
    await t.app.jobs.drain();
    const info = await call<Body>(t, s, '/api/getImportTaskInfo', { dial_task_main_sn: first.taskSn });
    assert.equal((info.data as { import_mark: Mark }).import_mark.repeatCount, 1);
    const other = await importPhones(t, s, base, [phone(21)]);
    assert.equal(other.mark.successCount, 1, 'window off by default');
    const set = await call<Body>(t, s, '/ext/importSettings', { cross_task_dedup_days: 30 });
    assert.equal(set.code, 0, set.msg);
    const windowed = await importPhones(t, s, base, [phone(21), phone(23)]);
    assert.equal(windowed.mark.repeatCount, 1);
    assert.equal(windowed.fail[0]!.reason, '30天内已导入其他任务');
    await call<Body>(t, s, '/ext/importSettings', { cross_task_dedup_days: 0 });
  });

  void it('filters numbers called recently and numbers whose last call was a refusal', async () => {
    const calls: CallSpec[] = [
      { phone: phone(30), result: 'answered', answered: true, startedAt: daysAgo(3) },
      { phone: phone(31), result: 'answered', answered: true, startedAt: daysAgo(10) },
      { phone: phone(32), result: 'answered', answered: true, grade: 'D', startedAt: daysAgo(20) },
      { phone: phone(33), result: '用户拒接', startedAt: daysAgo(20) },
      { phone: phone(34), result: '用户拒接', startedAt: daysAgo(30) },
      { phone: phone(34), result: 'answered', answered: true, grade: 'B', startedAt: daysAgo(20) },
    ];
    await insertCallHistory(t, teamId, calls);
    const set = await call<Body>(t, s, '/ext/importSettings', {
      filter_called_within_days: 7,
      filter_last_refused: 1,
    });
    assert.equal(set.code, 0, set.msg);
    const r = await importPhones(t, s, base, [phone(30), phone(31), phone(32), phone(33), phone(34)]);
    assert.equal(r.mark.filterCount, 3);
    assert.deepEqual(
      r.fail.map((f) => [f['电话'], f.reason]),
      [
        [phone(30), '7天内已呼叫过'],
        [phone(32), '上次呼叫被拒绝'],
        [phone(33), '上次呼叫被拒绝'],
      ],
    );
    await call<Body>(t, s, '/ext/importSettings', { filter_called_within_days: 0, filter_last_refused: 0 });
  });

  void it('classifies numbers from call history and holds back the classes that are not dialed', async () => {
    await insertCallHistory(t, teamId, [
      { phone: phone(40), result: '空号', resultCode: 3, startedAt: daysAgo(40) },
      { phone: phone(41), result: '停机', resultCode: 4, startedAt: daysAgo(40) },
      { phone: phone(42), result: 'answered', answered: true, grade: 'D', startedAt: daysAgo(40) },
      { phone: phone(43), result: '无人应答', startedAt: daysAgo(40) },
      { phone: phone(43), result: '关机', startedAt: daysAgo(35) },
      { phone: phone(44), result: 'answered', answered: true, grade: 'B', startedAt: daysAgo(40) },
    ]);
    await insertDnd(t, teamId, phone(45), { expiresAt: daysAgo(2), source: '机器人' });
    const list = [40, 41, 42, 43, 44, 45, 46].map(phone);
    const r = await importPhones(t, s, base, list);
    assertAddsUp(r.mark, 7, r.numbers);
    assert.deepEqual(
      [
        r.mark.kongCount,
        r.mark.tingjiCount,
        r.mark.fenxianCount,
        r.mark.chenmoCount,
        r.mark.shiCount,
        r.mark.kuwuCount,
      ],
      [1, 1, 2, 1, 1, 1],
    );
    assert.equal(r.mark.successCount, 3, 'shi, chenmo and kuwu are dialed by default');
    assert.deepEqual(
      r.numbers.map((n) => [n.phone, n.detection, n.status]),
      [
        [phone(40), 'kong', 4],
        [phone(41), 'tingji', 4],
        [phone(42), 'fenxian', 4],
        [phone(43), 'chenmo', 0],
        [phone(44), 'shi', 0],
        [phone(45), 'fenxian', 4],
        [phone(46), 'kuwu', 0],
      ],
    );
    const task = await t.app.db.system
      .selectFrom('tasks')
      .select('total_count')
      .where('id', '=', r.taskId)
      .executeTakeFirstOrThrow();
    assert.equal(task.total_count, 3, 'held-back numbers are not counted as task numbers');
    const override = await importPhones(t, s, base, [phone(40), phone(46)], {
      detection_import_classes: 'kong,kuwu',
    });
    assert.equal(override.mark.successCount, 2);
  });

  void it('caps how often the team calls one number (per day / 7 days / 30 days)', async () => {
    const today = (n: number): CallSpec => ({
      phone: phone(n),
      result: 'answered',
      answered: true,
      startedAt: new Date(Date.now() - 3_600_000),
    });
    await insertCallHistory(t, teamId, [today(50), today(50), today(50), today(51), today(51)]);
    await insertCallHistory(
      t,
      teamId,
      Array.from({ length: 10 }, (_, i) => ({
        phone: phone(52),
        result: 'answered',
        answered: true,
        startedAt: daysAgo(2 + (i % 4)),
      })),
    );
    const r = await importPhones(t, s, base, [phone(50), phone(51), phone(52)]);
    assert.equal(r.mark.chaopinCount, 2);
    assert.deepEqual(
      r.fail.map((f) => f.reason),
      ['超过每日呼叫上限(3次)', '超过7天呼叫上限(10次)'],
    );
    await call<Body>(t, s, '/ext/importSettings', { cap_per_day: 0, cap_per_7_days: 0, cap_per_30_days: 0 });
    const uncapped = await importPhones(t, s, base, [phone(50), phone(52)]);
    assert.equal(uncapped.mark.chaopinCount, 0);
  });

  void it('two imports into one task at the same time: one after the other, no number stored twice', async () => {
    const first = Array.from({ length: 300 }, (_, i) => phone(5000 + i));
    const second = Array.from({ length: 300 }, (_, i) => phone(5150 + i)); // 150 shared with the first
    const created = await call<Body>(t, s, '/api/addJsonOfAsync', {
      ...base,
      source: '并发导入',
      client_info_json: { data: first.map((p) => ({ 电话: p })) },
    });
    assert.equal(created.code, 0, created.msg);
    const { dial_task_main_id: id, dial_task_main_sn: sn } = created.data as {
      dial_task_main_id: number;
      dial_task_main_sn: string;
    };
    const appended = await call<Body>(t, s, '/api/addJsonOfAsync', {
      dial_task_main_sn: sn,
      client_info_json: { data: second.map((p) => ({ 电话: p })) },
    });
    assert.equal(appended.code, 0, appended.msg);
    // Two job loops claim the two imports and run them side by side.
    const ran = await Promise.all([t.app.jobs.drain(), t.app.jobs.drain()]);
    assert.equal(ran[0] + ran[1], 2);
    const imports = await t.app.db.system
      .selectFrom('imports')
      .select(['status', 'counts'])
      .where('task_id', '=', String(id))
      .execute();
    assert.deepEqual(
      imports.map((i) => i.status),
      ['done', 'done'],
    );
    const repeats = imports.map((i) => i.counts.repeat ?? 0);
    assert.equal(repeats[0]! + repeats[1]!, 150, 'the shared numbers are repeats of whichever ran first');
    const stored = await t.app.db.system
      .selectFrom('task_numbers')
      .select((eb) => [
        eb.fn.countAll<string>().as('rows'),
        eb.fn.count<string>('phone').distinct().as('phones'),
      ])
      .where('task_id', '=', String(id))
      .executeTakeFirstOrThrow();
    assert.deepEqual([Number(stored.rows), Number(stored.phones)], [450, 450]);
  });

  void it("keeps each number's columns in the template's order, as 5.4 answers them", async () => {
    // Stored as jsonb, the keys came back sorted by length: 电话 before 客户地址.
    const ordered = await insertScript(t, teamId, { columns: ['客户地址', '*电话', '备注'] });
    const r = await importPhones(t, s, { project_sn: ordered.sn, ai_user_sn: s.user_sn }, [], {
      client_info_json: { data: [{ 备注: '回访', 电话: phone(60), 客户地址: '深圳南山' }] },
    });
    assert.equal(r.mark.successCount, 1);
    const details = await call<Body>(t, s, '/api/getDetailsList', { dial_task_main_id: r.taskSn });
    assert.equal(details.code, 0, details.msg);
    const [row] = (details.data as { list: { columns: Record<string, string> }[] }).list;
    assert.deepEqual(Object.entries(row!.columns), [
      ['客户地址', '深圳南山'],
      ['电话', phone(60)],
      ['备注', '回访'],
    ]);
  });

  void it('reads and validates the import settings', async () => {
    const read = await call<Body>(t, s, '/ext/importSettings');
    assert.equal(read.code, 0);
    assert.deepEqual((read.data as { detection_import_classes: string[] }).detection_import_classes, [
      'shi',
      'kuwu',
      'chenmo',
    ]);
    const bad = await call<Body>(t, s, '/ext/importSettings', {
      cap_per_day: -1,
      detection_import_classes: 'shi,xx',
    });
    assert.equal(bad.code, 20002);
    assert.match(bad.msg, /cap_per_day/);
    assert.match(bad.msg, /detection_import_classes/);
    const ok = await call<Body>(t, s, '/ext/importSettings', {
      detection_import_classes: ['shi', 'kuwu'],
      silent_months: '6',
    });
    assert.equal(ok.code, 0, ok.msg);
    const again = await call<Body>(t, s, '/ext/importSettings');
    assert.deepEqual((again.data as { detection_import_classes: string[] }).detection_import_classes, [
      'shi',
      'kuwu',
    ]);
    assert.equal((again.data as { silent_months: number }).silent_months, 6);
    const put = await t.http.inject({
      method: 'PUT',
      url: '/ext/importSettings',
      payload: { api_key: s.api_key, user_sn: s.user_sn, cap_per_day: 4 },
    });
    assert.equal(put.json<Body>().code, 0);
    assert.equal((put.json<Body>().data as { cap_per_day: number }).cap_per_day, 4);
    const refused = await t.http.inject({
      method: 'PUT',
      url: '/ext/importSettings',
      payload: { cap_per_day: 4 },
    });
    assert.equal(refused.json<Body>().code, 20005);
  });
});
