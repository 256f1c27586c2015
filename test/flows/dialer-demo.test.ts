import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { DEMO_NUMBERS } from '../../src/services/dial/demo-seed.service.js';
import { dialTestApp, drive } from '../support/dial-factories.js';

describe('first-start demo: sandbox line, script and a small task', async () => {
  // Saturday 23:00 in Shanghai: outside ordinary calling hours, the demo must still show calls.
  const clock = new VirtualClock(new Date('2025-01-11T15:00:00Z'));
  const app = await dialTestApp(clock);

  it('shows calls happening, records and pushes appearing', async () => {
    const creds = await app.tenants.create({ name: '演示租户', userName: `demo${Date.now()}` });
    const seeded = await app.services.demo.seedDemo(creds);
    assert.equal(seeded.numbers, DEMO_NUMBERS);
    const team = await app.db.system
      .selectFrom('teams')
      .select('id')
      .where('sn', '=', creds.team_sn)
      .executeTakeFirstOrThrow();
    const task = await app.db.system
      .selectFrom('tasks')
      .selectAll()
      .where('sn', '=', seeded.dial_task_main_sn)
      .executeTakeFirstOrThrow();
    app.dialer.start();
    await drive(clock, app.dialer, 10_000, 200);
    assert.ok(app.dialer.activeCalls > 0, 'calls in progress within seconds');
    for (let i = 0; i < 200; i++) {
      const row = await app.db.system
        .selectFrom('tasks')
        .select('status')
        .where('id', '=', task.id)
        .executeTakeFirstOrThrow();
      if (row.status !== 0) break;
      await drive(clock, app.dialer, 30_000, 500);
    }
    await app.dialer.stop();
    const done = await app.db.system
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    assert.equal(done.status, 1, 'the demo task finishes');
    assert.equal(done.send_count, DEMO_NUMBERS);
    const records = await app.db.system
      .selectFrom('call_records')
      .selectAll()
      .where('task_id', '=', task.id)
      .execute();
    assert.ok(records.length >= DEMO_NUMBERS);
    assert.ok(
      records.some((r) => r.result === 'answered' && r.turns.length > 0),
      'robot conversations recorded',
    );
    const line = await app.db.system
      .selectFrom('lines')
      .select(['id', 'sandbox'])
      .where('team_id', '=', team.id)
      .executeTakeFirstOrThrow();
    assert.equal(line.sandbox, true);
    assert.ok(
      records.every((r) => r.line_id === line.id),
      'on the sandbox line',
    );
    const pushes = await app.db.system
      .selectFrom('push_events')
      .select('kind')
      .where('team_id', '=', team.id)
      .where('kind', '=', 'call_record')
      .execute();
    assert.equal(
      pushes.length,
      records.length,
      'one 6.6.1 push per record (kept for the pull API without a callback URL)',
    );
  });
});
