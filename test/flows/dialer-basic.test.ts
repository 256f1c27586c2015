import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { buildTestApp } from '../support/test-app.js';
import {
  addLine,
  addScript,
  addTask,
  dialTenant,
  drive,
  numbersOf,
  phones,
  recordsOf,
  taskRow,
} from '../support/dial-factories.js';

// Monday 2025-01-06 10:00 in Shanghai.
const START = new Date('2025-01-06T02:00:00Z');

describe('dialer: import → dial (simulator) → robot → record → push', async () => {
  const clock = new VirtualClock(START);
  const t = await buildTestApp({}, clock);
  const { app } = t;
  const tenant = await dialTenant(app, { aiCount: 5 });
  await app.db.system
    .updateTable('teams')
    .set({ open_callback: 1, callback_url: 'http://127.0.0.1:9/crm' })
    .where('id', '=', tenant.teamId)
    .execute();
  const lineId = await addLine(app.db, tenant.teamId, {
    capacity: 10,
    cps: 2,
    config: { seed: 'basic', outcomes: { answered: 1 } },
  });
  const scriptId = await addScript(app.db, tenant.teamId);
  const task = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId,
    phones: phones(12),
  });

  it('dials every number once, runs the robot, writes records, counters and pushes, finishes the task', async () => {
    const peaks = { active: 0 };
    app.dialer.start();
    for (let i = 0; i < 1500 && (await taskRow(app.db, task.id)).status === 0; i++) {
      await drive(clock, app.dialer, 1_000);
      peaks.active = Math.max(peaks.active, app.dialer.activeCalls);
    }
    const row = await taskRow(app.db, task.id);
    assert.equal(row.status, 1, 'task finished');
    assert.equal(row.status_reason, '');
    assert.equal(row.send_count, 12);
    assert.equal(row.success, 12);
    assert.equal(row.fail, 0);
    assert.ok(peaks.active <= 5, `ai_count respected (peak ${peaks.active})`);

    const numbers = await numbersOf(app.db, task.id);
    assert.deepEqual(
      numbers.map((n) => [n.status, n.attempts, n.dial_seq, n.last_result]),
      numbers.map(() => [2, 1, 1, 'answered']),
    );
    const records = await recordsOf(app.db, task.id);
    assert.equal(records.length, 12);
    for (const r of records) {
      assert.equal(r.result, 'answered');
      assert.equal(r.result_code, 1);
      assert.equal(r.line_id, lineId);
      assert.ok(r.connected_at && r.disconnected_at && r.talktimes > 0);
      assert.match(r.grade, /^[A-F]$/);
      assert.ok(r.grade_reason.length > 0);
      assert.ok(Array.isArray(r.turns) && r.turns.length > 0, 'turns recorded');
      const first = r.turns[0] as Record<string, unknown>;
      assert.equal(first.title, '01打招呼+开场白');
      assert.equal(typeof first.caption, 'string');
      assert.ok('answer' in first && 'score' in first && 'labelling' in first && 'is_answer' in first);
      assert.equal(r.name, `客户${numbers.findIndex((n) => n.id === r.task_number_id) + 1}`);
    }
    const pushes = await app.db.system
      .selectFrom('push_events')
      .selectAll()
      .where('team_id', '=', tenant.teamId)
      .where('kind', '=', 'call_record')
      .orderBy('id')
      .execute();
    assert.equal(pushes.length, 12);
    assert.ok(pushes.every((p) => p.status === 'pending' && p.target_url === 'http://127.0.0.1:9/crm'));
    assert.ok(pushes.every((p) => p.order_key === task.sn));
    const payload = pushes[0]?.payload as Record<string, unknown>;
    assert.equal(payload.dial_task_main_sn, task.sn);
    assert.equal(payload.hangup_serial_number, 1);
    assert.match(String(payload.started_at), /^2025-01-06 10:\d\d:\d\d$/);
    assert.equal(typeof payload.id, 'number');
  });

  it('keeps to the line CPS: never more than 2 originations in any second', async () => {
    const records = await recordsOf(app.db, task.id);
    const starts = records.map((r) => r.started_at.getTime()).sort((a, b) => a - b);
    for (let i = 2; i < starts.length; i++) {
      assert.ok((starts[i] as number) - (starts[i - 2] as number) >= 1000, `3 calls within 1 s at ${i}`);
    }
    await app.dialer.stop();
  });
});
