// A stopping worker does not wait for a slow receiver: after a short grace it hands its unfinished events back
// (leases released, immediately claimable) and ignores their late outcomes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { systemClock } from '../../src/lib/clock.js';
import { parseAllowList } from '../../src/lib/ip-range.js';
import { silentLogger } from '../../src/lib/logger.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { PushKind } from '../../src/services/push/outbox.js';
import { createPushModule } from '../../src/app/push-wiring.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';
import {
  SUCCESS,
  TestReceiver,
  callRecord,
  enqueue,
  eventually,
  statusCounts,
  teamIdOf,
} from './push-support.js';

describe('stopping the push worker', async () => {
  let closeModule = () => Promise.resolve();
  after(() => closeModule()); // before the database is dropped
  const t = await buildTestApp();
  const push = createPushModule({
    store: t.app.db,
    secretBox: new SecretBox(randomBytes(32)),
    allowList: parseAllowList('127.0.0.0/8').allowList,
    log: silentLogger,
    clock: systemClock,
    perHostConcurrency: 2,
    timeoutMs: 10_000,
    worker: { stopGraceMs: 300 },
  });
  closeModule = async () => {
    await push.worker.stop();
    await push.sender.close();
  };
  const receiver = await TestReceiver.start(() => ({ ...SUCCESS, delayMs: 1500 }));
  after(() => receiver.down());

  it('hands unfinished events back after the grace period and drops their late outcomes', async () => {
    const s = await newTenant(t, '停止');
    await call(t, s, '/api/setCallback', { open_callback: 1, callback_url: receiver.url });
    const teamId = await teamIdOf(t.app, s);
    const ids = await enqueue(
      t.app,
      teamId,
      Array.from({ length: 6 }, (_, i) => ({
        kind: PushKind.callRecord,
        orderKey: '',
        payload: callRecord(i),
      })),
    );
    push.worker.start();
    await eventually('two requests in flight', () => receiver.received.length === 2);
    const started = Date.now();
    await push.worker.stop();
    assert.ok(Date.now() - started < 1200, `stop took ${Date.now() - started} ms`);
    const held = await t.app.db.system
      .selectFrom('push_events')
      .select(['status', 'attempts', 'lease_token'])
      .where('team_id', '=', teamId)
      .execute();
    assert.deepEqual(
      held.map((r) => [r.status, r.attempts, r.lease_token]),
      ids.map(() => ['pending', 0, null]),
    );

    receiver.handler = () => SUCCESS;
    push.worker.start();
    await eventually('all delivered', async () => (await statusCounts(t.app, teamId)).delivered === 6);
    await new Promise((r) => setTimeout(r, 1600)); // the first run's answers arrive now and are ignored
    const rows = await t.app.db.system
      .selectFrom('push_events')
      .select(['status', 'attempts'])
      .where('team_id', '=', teamId)
      .execute();
    assert.ok(rows.every((r) => r.status === 'delivered' && r.attempts === 1));
    const log = await t.app.db.system
      .selectFrom('push_attempts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('team_id', '=', teamId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(log.n), 6);
  });
});
