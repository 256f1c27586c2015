import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { DND_SOURCE_ROBOT } from '../../src/services/dial/hangup.service.js';
import {
  addLine,
  addScript,
  addTask,
  dialTenant,
  dialTestApp,
  drive,
  numbersOf,
  recordsOf,
  taskRow,
} from '../support/dial-factories.js';

const [BUSY, VACANT, SUSPENDED, NO_ANSWER, ANGRY] = [
  '13700000001',
  '13700000002',
  '13700000003',
  '13700000004',
  '13700000005',
] as const;

describe('automatic fail-recall and "don\'t call me again"', async () => {
  const clock = new VirtualClock(new Date('2025-01-06T02:00:00Z'));
  const app = await dialTestApp(clock);
  const tenant = await dialTenant(app);
  await addLine(app.db, tenant.teamId, {
    capacity: 5,
    cps: 5,
    config: {
      seed: 'recall',
      outcomes: { answered: 1 },
      personas: [{ name: 'angry', opening: '喂？', script: ['不需要，以后别打了'], replyDelayMs: 300 }],
      numbers: {
        [BUSY]: { outcome: 'busy' },
        [VACANT]: { outcome: 'vacant' },
        [SUSPENDED]: { outcome: 'suspended' },
        [NO_ANSWER]: { outcome: 'noAnswer' },
        [ANGRY]: { persona: 'angry' },
      },
    },
  });
  const task = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId: await addScript(app.db, tenant.teamId),
    failRecall: { enabled: true, times: 2, interval: 10, reasons: ['用户正忙', '空号', '停机'] },
    phones: [BUSY, VACANT, SUSPENDED, NO_ANSWER, ANGRY],
  });

  it('redials selected reasons at the interval up to the count, never 空号/停机, and finishes', async () => {
    app.dialer.start();
    for (let i = 0; i < 60 && (await taskRow(app.db, task.id)).status === 0; i++) {
      await drive(clock, app.dialer, 60_000, 1_000);
    }
    await app.dialer.stop();
    const records = await recordsOf(app.db, task.id);
    const calls = (phone: string) => records.filter((r) => r.phone === phone);
    const busy = calls(BUSY).map((r) => r.started_at.getTime());
    assert.equal(busy.length, 3, 'first call + 2 redials');
    assert.ok((busy[1] as number) - (busy[0] as number) >= 10 * 60_000);
    assert.ok((busy[2] as number) - (busy[1] as number) >= 10 * 60_000);
    assert.deepEqual(
      [VACANT, SUSPENDED, NO_ANSWER].map((p) => calls(p).map((r) => r.result)),
      [['空号'], ['停机'], ['无人应答']],
    );
    const numbers = new Map((await numbersOf(app.db, task.id)).map((n) => [n.phone, n]));
    assert.deepEqual(
      [numbers.get(BUSY)?.attempts, numbers.get(BUSY)?.dial_seq, numbers.get(BUSY)?.status],
      [3, 3, 2],
    );
    const row = await taskRow(app.db, task.id);
    assert.equal(row.status, 1);
    assert.deepEqual([row.send_count, row.success, row.fail], [5, 1, 4], 'each number counted once');
    assert.equal(records.length, 7);
    assert.deepEqual(
      records.map((r) => r.dial_seq),
      records.map((r) => (r.phone === BUSY ? r.dial_seq : 1)),
    );
  });

  it('adds the callee who asked not to be called again to the DND list, in the hang-up transaction', async () => {
    const [angry] = (await recordsOf(app.db, task.id)).filter((r) => r.phone === ANGRY);
    assert.equal(angry?.result, 'answered');
    assert.equal((angry?.details as { endReason?: string }).endReason, 'robotHangup');
    const dnd = await app.db.system
      .selectFrom('dnd_entries')
      .selectAll()
      .where('team_id', '=', tenant.teamId)
      .execute();
    assert.deepEqual(
      dnd.map((d) => [d.phone, d.source, d.remark, d.expires_at]),
      [[ANGRY, DND_SOURCE_ROBOT, '客户要求不再来电', null]],
    );
    assert.equal(angry?.grade, 'D');
  });
});
