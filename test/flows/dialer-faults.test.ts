import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import {
  addLine,
  addScript,
  addTask,
  dialTenant,
  dialTestApp,
  drive,
  numbersOf,
  phones,
  recordsOf,
  taskRow,
} from '../support/dial-factories.js';

const ANSWER = { seed: 'faults', outcomes: { answered: 1 } };

describe('bad input and faults: a clear state and reason, nothing lost, nothing dialed that should not be', async () => {
  const clock = new VirtualClock(new Date('2025-01-06T02:00:00Z'));
  const app = await dialTestApp(clock);
  const tenant = await dialTenant(app, { aiCount: 20 });
  const line = await addLine(app.db, tenant.teamId, { name: '主线路', capacity: 5, cps: 5, config: ANSWER });
  const scriptId = await addScript(app.db, tenant.teamId);
  const account = tenant.accountId;

  const empty = await addTask(app.db, tenant.teamId, { accountId: account, scriptId, name: '空任务' });
  const deletedScript = await addScript(app.db, tenant.teamId);
  const orphan = await addTask(app.db, tenant.teamId, {
    accountId: account,
    scriptId: deletedScript,
    phones: phones(3, '1351000'),
  });
  await app.db.system
    .updateTable('scripts')
    .set({ deleted_at: new Date() })
    .where('id', '=', deletedScript)
    .execute();
  const broken = await addTask(app.db, tenant.teamId, {
    accountId: account,
    scriptId: await addScript(app.db, tenant.teamId, { nodes: 'not a script' }),
    phones: phones(3, '1352000'),
  });
  const downLine = await addLine(app.db, tenant.teamId, {
    name: '维护线路',
    config: ANSWER,
    isDefault: false,
  });
  await app.db.system
    .updateTable('lines')
    .set({ status: 'down', status_reason: '运营商维护' })
    .where('id', '=', downLine)
    .execute();
  const onDownLine = await addTask(app.db, tenant.teamId, {
    accountId: account,
    scriptId,
    lineId: downLine,
    phones: phones(3, '1353000'),
  });
  const deadTrunk = await addLine(app.db, tenant.teamId, {
    name: '断开中继',
    config: { ...ANSWER, down: true },
    isDefault: false,
  });
  const onDeadTrunk = await addTask(app.db, tenant.teamId, {
    accountId: account,
    scriptId,
    lineId: deadTrunk,
    phones: phones(3, '1354000'),
  });
  const flaky = await addLine(app.db, tenant.teamId, {
    name: '故障线路',
    capacity: 2,
    cps: 2,
    config: { ...ANSWER, failureRate: 1 },
    isDefault: false,
  });
  const onFlaky = await addTask(app.db, tenant.teamId, {
    accountId: account,
    scriptId,
    lineId: flaky,
    phones: phones(40, '1355000'),
  });

  it('pauses, finishes or keeps each task with the reason operators see', async () => {
    app.dialer.start();
    await drive(clock, app.dialer, 120_000, 500);
    const reasons = async (id: string) => {
      const t = await taskRow(app.db, id);
      return [t.status, t.status_reason];
    };
    assert.deepEqual(await reasons(empty.id), [1, '任务没有可呼叫的号码']);
    assert.deepEqual(await reasons(orphan.id), [4, '话术已删除,任务已暂停']);
    const [brokenStatus, brokenReason] = await reasons(broken.id);
    assert.equal(brokenStatus, 4);
    assert.match(String(brokenReason), /^话术无法使用\(话术校验未通过/);
    assert.deepEqual(await reasons(onDownLine.id), [4, '线路「维护线路」已停用(运营商维护),任务已暂停']);
    assert.deepEqual(await reasons(onDeadTrunk.id), [4, '线路「断开中继」已停用(线路不可用),任务已暂停']);
    const [flakyStatus, flakyReason] = await reasons(onFlaky.id);
    assert.equal(flakyStatus, 4);
    assert.match(String(flakyReason), /^线路「故障线路」连续5次呼叫失败\(line error\)/);
  });

  it('dials nothing for tasks that cannot run and burns no number on a failing line', async () => {
    for (const t of [orphan, broken, onDownLine, onDeadTrunk]) {
      const numbers = await numbersOf(app.db, t.id);
      assert.ok(numbers.every((n) => n.status === 0 && n.dial_seq === 0 && n.attempts === 0));
      assert.equal((await recordsOf(app.db, t.id)).length, 0);
    }
    const numbers = await numbersOf(app.db, onFlaky.id);
    const tried = numbers.filter((n) => n.dial_seq > 0);
    // 5 faults in a row, plus at most the calls in flight (capacity 2) and one tick's claim (CPS 2).
    assert.ok(tried.length >= 5 && tried.length <= 9, `about 5 tries before the pause, got ${tried.length}`);
    assert.ok(
      numbers.every((n) => n.status === 0 && n.attempts === 0),
      'every number still waiting, none counted',
    );
    assert.ok(tried.every((n) => n.last_result === '其他' && n.next_attempt_at !== null));
    assert.equal((await recordsOf(app.db, onFlaky.id)).length, 0, 'line faults leave no call record');
    const row = await taskRow(app.db, onFlaky.id);
    assert.deepEqual([row.send_count, row.fail, row.success], [0, 0, 0]);
  });

  it('survives the clock jumping forward mid-call: calls end once, pacing holds, nothing is recovered', async () => {
    const task = await addTask(app.db, tenant.teamId, {
      accountId: account,
      scriptId,
      lineId: line,
      phones: phones(30, '1356000'),
    });
    await drive(clock, app.dialer, 3_000, 200);
    assert.ok(app.dialer.activeCalls > 0, 'calls in progress before the jump');
    const jumpedAt = clock.now().getTime() + 3 * 3_600_000;
    await clock.runUntil(jumpedAt);
    await app.dialer.quiesce();
    for (let i = 0; i < 100 && (await taskRow(app.db, task.id)).status === 0; i++) {
      await drive(clock, app.dialer, 5_000, 200);
    }
    assert.equal((await taskRow(app.db, task.id)).status, 1);
    const records = await recordsOf(app.db, task.id);
    assert.equal(records.length, 30);
    assert.equal(new Set(records.map((r) => r.task_number_id)).size, 30);
    const after = records
      .map((r) => r.started_at.getTime())
      .filter((t) => t >= jumpedAt)
      .sort((a, b) => a - b);
    for (let i = 5; i < after.length; i++) {
      assert.ok(
        (after[i] as number) - (after[i - 5] as number) >= 1000,
        'no burst above 5 calls/s after the jump',
      );
    }
    assert.equal(app.dialer.stats.recovered, 0);
    await app.dialer.stop();
  });
});
