import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newSn } from '../../src/lib/sn.js';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { isCallingAllowed, localDate, parseWindows } from '../../src/services/calling-hours/windows.js';
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

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const ANSWER = { seed: 'rules', outcomes: { answered: 1 } };

describe('calling hours (lunch break, weekend, make-up working day) and scheduled start', async () => {
  const clock = new VirtualClock(at('2025-01-24T11:58:00')); // Friday
  const app = await dialTestApp(clock);
  const hours = { week1: '09:00-12:00,13:30-20:00', week6: '', week7: '', holiday: '' };
  const office = await dialTenant(app, {
    name: '工作时间',
    callTime: { ...hours, week2: hours.week1, week3: hours.week1, week4: hours.week1, week5: hours.week1 },
  });
  await addLine(app.db, office.teamId, { capacity: 2, cps: 1, config: ANSWER });
  const task = await addTask(app.db, office.teamId, {
    accountId: office.accountId,
    scriptId: await addScript(app.db, office.teamId),
    phones: phones(300),
  });
  const allDay = await dialTenant(app, { name: '定时任务' });
  await addLine(app.db, allDay.teamId, { capacity: 2, cps: 1, config: ANSWER });
  const scheduled = await addTask(app.db, allDay.teamId, {
    accountId: allDay.accountId,
    scriptId: await addScript(app.db, allDay.teamId),
    timedStartedAt: at('2025-01-24T12:01:00'),
    phones: phones(4, '1381111'),
  });

  it('dials only inside the windows, holiday calendar included', async () => {
    app.dialer.start();
    await drive(clock, app.dialer, 9 * 60_000, 1_000); // to 12:07: the scheduled task of the other team runs
    await clock.runUntil(at('2025-01-24T13:28:00'));
    await drive(clock, app.dialer, 12 * 60_000, 1_000); // to Friday 13:40
    await clock.runUntil(at('2025-01-25T09:55:00')); // Saturday: no window
    await drive(clock, app.dialer, 60 * 60_000, 1_000);
    await clock.runUntil(at('2025-01-26T08:55:00')); // Sunday, make-up working day: Monday's windows
    await drive(clock, app.dialer, 10 * 60_000, 1_000);
    await app.dialer.stop();

    const rules = {
      week: [[], ...[1, 2, 3, 4, 5].map(() => parseWindows(hours.week1) as [number, number][]), [], []],
      holiday: [],
      holidayStatus: 1,
    };
    const records = await recordsOf(app.db, task.id);
    const kinds: Record<string, 'workday'> = { '2025-01-26': 'workday' };
    for (const r of records) {
      const day = localDate(r.started_at, TZ);
      assert.ok(
        isCallingAllowed(rules, r.started_at, TZ, kinds[day]),
        `call at ${r.started_at.toISOString()}`,
      );
    }
    const when = (from: string, to: string) =>
      records.filter((r) => r.started_at >= at(from) && r.started_at < at(to)).length;
    assert.ok(when('2025-01-24T11:58:00', '2025-01-24T12:00:00') > 0, 'before the lunch break');
    assert.equal(when('2025-01-24T12:00:00', '2025-01-24T13:30:00'), 0, 'lunch break');
    assert.ok(when('2025-01-24T13:30:00', '2025-01-24T13:41:00') > 0, 'after the lunch break');
    assert.equal(when('2025-01-25T00:00:00', '2025-01-26T00:00:00'), 0, 'Saturday');
    assert.ok(when('2025-01-26T09:00:00', '2025-01-26T09:06:00') > 0, 'make-up working day');
    assert.equal(when('2025-01-26T00:00:00', '2025-01-26T09:00:00'), 0, 'before 09:00 on the working day');
  });

  it('starts a scheduled task at its time, not before', async () => {
    const records = await recordsOf(app.db, scheduled.id);
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => r.started_at >= at('2025-01-24T12:01:00')));
    assert.equal(records.length, 4);
  });
});

describe('dial-time checks: DND, frequency caps, cancellations', async () => {
  const clock = new VirtualClock(at('2025-01-06T10:00:00'));
  const app = await dialTestApp(clock);
  const tenant = await dialTenant(app);
  await app.db.system
    .updateTable('teams')
    .set({ settings: JSON.stringify({ dial_frequency: [{ hours: 24, max: 1 }] }) })
    .where('id', '=', tenant.teamId)
    .execute();
  await addLine(app.db, tenant.teamId, { capacity: 5, cps: 5, config: ANSWER });
  const scriptId = await addScript(app.db, tenant.teamId);
  const [p1, p2, p3, p4, p5] = ['13900000001', '13900000002', '13900000003', '13900000004', '13900000005'];
  const earlier = at('2025-01-06T09:00:00');
  const first = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId,
    phones: [p1, p2, p3, p4, p5] as string[],
  });
  const second = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId,
    phones: [p4],
  });
  await app.db.system
    .insertInto('call_records')
    .values({
      team_id: tenant.teamId,
      sn: newSn('record'),
      phone: p1,
      result: '无人应答',
      started_at: earlier,
      columns: '{}',
      turns: '[]',
      labels: '[]',
      details: '{}',
    })
    .execute();
  await app.db.system
    .insertInto('dnd_entries')
    .values([
      { team_id: tenant.teamId, phone: p2 },
      { team_id: tenant.teamId, phone: p3, term_value: 1, expires_at: at('2025-01-05T10:00:00') },
    ])
    .execute();
  await app.db.system
    .updateTable('task_numbers')
    .set({ status: 3 })
    .where('task_id', '=', first.id)
    .where('phone', '=', p5)
    .execute();

  it('stops DND numbers, defers capped ones, skips cancelled ones, dials the rest once', async () => {
    app.dialer.start();
    await drive(clock, app.dialer, 5 * 60_000, 1_000);
    const byPhone = new Map((await numbersOf(app.db, first.id)).map((n) => [n.phone, n]));
    const n1 = byPhone.get(p1);
    assert.equal(n1?.status, 0, 'capped: still waiting');
    assert.equal(n1?.dial_seq, 0, 'capped: not dialed');
    assert.deepEqual(n1?.next_attempt_at, new Date(earlier.getTime() + 24 * 3_600_000));
    assert.equal(byPhone.get(p2)?.status, 2);
    assert.equal(byPhone.get(p2)?.last_result, '防打扰');
    assert.equal(byPhone.get(p2)?.dial_seq, 0);
    assert.equal(byPhone.get(p3)?.last_result, 'answered', 'expired DND entry: dialed');
    assert.equal(byPhone.get(p5)?.dial_seq, 0, 'cancelled: never dialed');
    const p4Numbers = [byPhone.get(p4), ...(await numbersOf(app.db, second.id))];
    assert.equal(p4Numbers.filter((n) => n?.dial_seq === 1).length, 1, 'the shared phone is dialed once');
    assert.equal(
      p4Numbers.filter((n) => n?.status === 0 && n.next_attempt_at !== null).length,
      1,
      'the other waits',
    );
    const records = [...(await recordsOf(app.db, first.id)), ...(await recordsOf(app.db, second.id))];
    assert.deepEqual(records.map((r) => r.phone).sort(), [p3, p4]);
    const row = await taskRow(app.db, first.id);
    assert.equal(row.stops, 1);
    assert.equal(row.status, 0, 'a deferred number keeps the task running');
  });

  it('a number cancelled while the task runs is not dialed, and the task finishes without it', async () => {
    const task = await addTask(app.db, tenant.teamId, {
      accountId: tenant.accountId,
      scriptId,
      phones: phones(20, '1357777'),
    });
    await drive(clock, app.dialer, 2_000, 200);
    const cancelled = await app.db.system
      .updateTable('task_numbers')
      .set({ status: 3 })
      .where('task_id', '=', task.id)
      .where('status', '=', 0)
      .returning('id')
      .execute();
    assert.ok(cancelled.length > 0);
    await drive(clock, app.dialer, 5 * 60_000, 1_000);
    const numbers = await numbersOf(app.db, task.id);
    const ids = new Set(cancelled.map((c) => c.id));
    assert.ok(numbers.filter((n) => ids.has(n.id)).every((n) => n.status === 3 && n.dial_seq === 0));
    assert.equal((await taskRow(app.db, task.id)).status, 1);
    await app.dialer.stop();
  });
});
