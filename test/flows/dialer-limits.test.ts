import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { newSn } from '../../src/lib/sn.js';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import {
  addLine,
  addScript,
  addTask,
  dialTenant,
  dialTestApp,
  drive,
  phones,
  recordsOf,
  taskRow,
} from '../support/dial-factories.js';

const START = new Date('2025-01-06T02:00:00Z'); // Monday 10:00 Shanghai

/** A simulator line whose callees all answer and talk for a while. */
const TALKATIVE = { seed: 'limits', outcomes: { answered: 1 } };

describe('dialer limits: ai_count, max_call_count, line capacity and CPS, priority', async () => {
  const clock = new VirtualClock(START);
  const app = await dialTestApp(clock);
  const tenant = await dialTenant(app, { aiCount: 4 });
  const lineId = await addLine(app.db, tenant.teamId, { capacity: 3, cps: 1, config: TALKATIVE });
  const otherLine = await addLine(app.db, tenant.teamId, {
    name: '第二线路',
    capacity: 10,
    cps: 10,
    config: TALKATIVE,
    isDefault: false,
  });
  const sub = await app.db.system
    .insertInto('accounts')
    .values({
      team_id: tenant.teamId,
      sn: newSn('user'),
      user_name: `sub${Date.now()}`,
      password_hash: 'x',
      contact: '子账号',
      parent_id: tenant.accountId,
      max_call_count: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const scriptId = await addScript(app.db, tenant.teamId);
  const subTask = await addTask(app.db, tenant.teamId, {
    accountId: sub.id,
    scriptId,
    lineId: otherLine,
    phones: phones(6, '1391111'),
  });
  const high = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId,
    priority: 5,
    phones: phones(8, '1392222'),
  });
  const low = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId,
    phones: phones(8, '1393333'),
  });

  it('never exceeds any limit while the queue is full, and reaches them', async () => {
    const peak = { team: 0, sub: 0, line: 0 };
    app.dialer.start();
    for (let i = 0; i < 400; i++) {
      await drive(clock, app.dialer, 2_000);
      const { rows } = await sql<{ account_id: string; line: string; n: string }>`
        SELECT t.account_id, tn.claim_line_id AS line, count(*) AS n FROM task_numbers tn
        JOIN tasks t ON t.id = tn.task_id WHERE tn.team_id = ${tenant.teamId} AND tn.status = 1
        GROUP BY 1, 2`.execute(app.db.system);
      const sum = (f: (r: (typeof rows)[number]) => boolean) =>
        rows.filter(f).reduce((n, r) => n + Number(r.n), 0);
      peak.team = Math.max(
        peak.team,
        sum(() => true),
      );
      peak.sub = Math.max(
        peak.sub,
        sum((r) => r.account_id === sub.id),
      );
      peak.line = Math.max(
        peak.line,
        sum((r) => r.line === lineId),
      );
      assert.ok(app.dialer.activeCalls <= 4);
      const done = await Promise.all([subTask, high, low].map((t) => taskRow(app.db, t.id)));
      if (done.every((t) => t.status === 1)) break;
    }
    assert.deepEqual(peak, { team: 4, sub: 1, line: 3 });
  });

  it('keeps the first line to 1 call per second', async () => {
    const starts = [...(await recordsOf(app.db, high.id)), ...(await recordsOf(app.db, low.id))]
      .map((r) => r.started_at.getTime())
      .sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) {
      assert.ok((starts[i] as number) - (starts[i - 1] as number) >= 1000, 'two calls within a second');
    }
  });

  it('serves the higher priority first: no low-priority call starts before the last high-priority one', async () => {
    const highStarts = (await recordsOf(app.db, high.id)).map((r) => r.started_at.getTime());
    const lowStarts = (await recordsOf(app.db, low.id)).map((r) => r.started_at.getTime());
    assert.equal(highStarts.length, 8);
    assert.equal(lowStarts.length, 8);
    assert.ok(Math.min(...lowStarts) > Math.max(...highStarts));
    for (const t of [subTask, high, low]) {
      const row = await taskRow(app.db, t.id);
      assert.equal(row.status, 1);
      assert.equal(row.send_count, row.total_count);
    }
    await app.dialer.stop();
  });
});
