// Push delivery against real receivers on loopback: outages, duplicates, acknowledgement, ordering, isolation.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { verifyWebhookSignature } from '../../src/lib/webhook-signature.js';
import { PushKind, enqueuePush } from '../../src/services/push/outbox.js';
import { buildTestApp, call, newTenant, type Session } from '../support/test-app.js';
import {
  SUCCESS,
  TestReceiver,
  callRecord,
  enqueue,
  eventually,
  statusCounts,
  teamIdOf,
  type TestApp,
} from './push-support.js';

/** A tenant pushing to `receiver` with retries every second. */
async function pushingTenant(t: TestApp, name: string, receiver: TestReceiver) {
  const s: Session = await newTenant(t, name);
  await call(t, s, '/api/setCallback', {
    open_callback: 1,
    callback_url: receiver.url,
    task_callback_url: receiver.url,
  });
  const retry = await call(t, s, '/ext/push/retry', { base_seconds: 1, max_delay_seconds: 1 });
  assert.equal(retry.code, 0);
  return { s, teamId: await teamIdOf(t.app, s) };
}

describe('push delivery reliability', async () => {
  // Registered before buildTestApp's own hooks, so the worker stops before the database is dropped.
  let stopWorker = () => Promise.resolve();
  after(() => stopWorker());
  const t = await buildTestApp();
  t.app.push.worker.start();
  stopWorker = () => t.app.push.worker.stop();

  it('loses nothing while the receiver is down, and a de-duplicating receiver applies each event once', async () => {
    const receiver = await TestReceiver.start();
    after(() => receiver.down());
    const { teamId } = await pushingTenant(t, '接收端宕机', receiver);
    await receiver.down();
    // Once back, the receiver processes every push but "loses" the answer of every third first delivery,
    // so those events arrive twice; the effect is applied once per event id.
    const effects = new Map<string, string>();
    receiver.handler = (push, seen) => {
      if (!effects.has(push.eventId)) effects.set(push.eventId, push.body);
      return seen === 1 && effects.size % 3 === 0 ? { status: 502, body: 'lost' } : SUCCESS;
    };
    const ids = await enqueue(
      t.app,
      teamId,
      Array.from({ length: 60 }, (_, i) => ({
        kind: PushKind.callRecord,
        orderKey: '',
        payload: callRecord(i),
      })),
    );
    await eventually('attempts fail while down', async () => {
      const failed = await t.app.db.system
        .selectFrom('push_attempts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('team_id', '=', teamId)
        .executeTakeFirstOrThrow();
      return Number(failed.n) >= 60;
    });
    assert.equal(receiver.received.length, 0);
    await receiver.up();
    await eventually('all delivered', async () => (await statusCounts(t.app, teamId)).delivered === 60);
    assert.deepEqual(await statusCounts(t.app, teamId), { delivered: 60 });
    assert.deepEqual([...effects.keys()].sort(), [...ids].sort());
    assert.ok(receiver.received.length > 60, 'some events were delivered twice');
    for (const [i, id] of ids.entries()) assert.deepEqual(JSON.parse(effects.get(id)!), callRecord(i));
    const errors = await t.app.db.system
      .selectFrom('push_attempts')
      .select('error')
      .where('team_id', '=', teamId)
      .where('status_code', 'is', null)
      .execute();
    assert.ok(errors.length >= 60 && errors.every((e) => /^connect: /.test(e.error ?? '')));
  });

  it('retries a 6.6.1 call record answered 200 without SUCCESS; an import result needs only 2xx', async () => {
    const receiver = await TestReceiver.start((push, seen) =>
      push.kind === 'call_record' && seen >= 3 ? SUCCESS : { status: 200, body: 'OK' },
    );
    after(() => receiver.down());
    const { teamId } = await pushingTenant(t, '应答内容', receiver);
    const [record, imported] = await enqueue(t.app, teamId, [
      { kind: PushKind.callRecord, orderKey: 'account|1', payload: callRecord(1) },
      { kind: PushKind.importResult, orderKey: 'dial_task_main_sn|1', payload: { dial_task_main_sn: '1' } },
    ]);
    await eventually('both delivered', async () => (await statusCounts(t.app, teamId)).delivered === 2);
    assert.equal(receiver.seen.get(record!), 3);
    assert.equal(receiver.seen.get(imported!), 1);
    const attempts = await t.app.db.system
      .selectFrom('push_attempts as a')
      .innerJoin('push_events as e', 'e.id', 'a.push_event_id')
      .select(['a.attempt', 'a.outcome', 'a.error', 'a.response_snippet'])
      .where('e.event_id', '=', record!)
      .orderBy('a.id')
      .execute();
    assert.deepEqual(attempts, [
      { attempt: 1, outcome: 'retry', error: 'HTTP 200 without SUCCESS', response_snippet: 'OK' },
      { attempt: 2, outcome: 'retry', error: 'HTTP 200 without SUCCESS', response_snippet: 'OK' },
      { attempt: 3, outcome: 'delivered', error: null, response_snippet: 'SUCCESS' },
    ]);
  });

  it('dead-letters a call record whose receiver never answers SUCCESS after the reference three retries', async () => {
    const receiver = await TestReceiver.start(() => ({ status: 200, body: '{"code":0}' }));
    after(() => receiver.down());
    const { teamId } = await pushingTenant(t, '从不成功', receiver);
    const [id] = await enqueue(t.app, teamId, [
      { kind: PushKind.callRecord, orderKey: '', payload: callRecord(7) },
    ]);
    await eventually('dead', async () => (await statusCounts(t.app, teamId)).dead === 1);
    assert.equal(receiver.seen.get(id!), 4);
  });

  it('keeps import results of one task in order while other tasks proceed', async () => {
    const receiver = await TestReceiver.start();
    after(() => receiver.down());
    const { teamId } = await pushingTenant(t, '顺序', receiver);
    let firstEvent = '';
    receiver.handler = (push, seen) =>
      push.eventId === firstEvent && seen <= 2 ? { status: 500, body: 'x' } : SUCCESS;
    const task = (sn: string, step: number) => ({
      kind: PushKind.importResult,
      orderKey: sn,
      payload: { dial_task_main_sn: sn, step },
    });
    // Enqueued in one go so the worker sees all of them at once.
    const ids = await t.app.db.tenant(teamId, async (trx) => {
      const out: string[] = [];
      for (const e of [task('A', 1), task('A', 2), task('B', 1), task('A', 3), task('B', 2)]) {
        out.push(await enqueuePush(trx, teamId, e));
      }
      return out;
    });
    firstEvent = ids[0]!;
    await eventually(
      'all delivered',
      async () => (await statusCounts(t.app, teamId)).delivered === 5,
      15_000,
    );
    const order = (sn: string) =>
      receiver.received
        .map((p) => JSON.parse(p.body) as { dial_task_main_sn: string; step: number })
        .filter((b) => b.dial_task_main_sn === sn)
        .map((b) => b.step);
    assert.deepEqual(order('A'), [1, 1, 1, 2, 3]); // A1 twice refused, then A2 and A3 only after it
    assert.deepEqual(order('B'), [1, 2]);
    // Task B did not wait for task A's retries.
    const lastB = receiver.received.findIndex((p) => p.eventId === ids[4]);
    const a2 = receiver.received.findIndex((p) => p.eventId === ids[1]);
    assert.ok(lastB < a2, 'task B finished before task A resumed');
  });

  it('delivers to a fast receiver while another tenant’s receiver is slow', async () => {
    const slow = await TestReceiver.start(() => ({ ...SUCCESS, delayMs: 1500 }));
    const fast = await TestReceiver.start(() => SUCCESS, '127.0.0.2');
    after(() => Promise.all([slow.down(), fast.down()]));
    const a = await pushingTenant(t, '慢接收端', slow);
    const b = await pushingTenant(t, '快接收端', fast);
    await enqueue(
      t.app,
      a.teamId,
      Array.from({ length: 64 }, (_, i) => ({
        kind: PushKind.callRecord,
        orderKey: '',
        payload: callRecord(i),
      })),
    );
    const started = Date.now();
    await enqueue(
      t.app,
      b.teamId,
      Array.from({ length: 10 }, (_, i) => ({
        kind: PushKind.callRecord,
        orderKey: '',
        payload: callRecord(i),
      })),
    );
    await eventually('fast receiver got all', () => fast.received.length === 10, 10_000);
    const fastDone = Date.now() - started;
    assert.ok(fastDone < 1500, `fast receiver waited ${fastDone} ms`);
    assert.ok(slow.received.length < 64, 'the slow receiver is still busy');
    await eventually(
      'slow receiver got all',
      async () => (await statusCounts(t.app, a.teamId)).delivered === 64,
    );
  });

  it('signs every push with the tenant secret and a stable event id across retries', async () => {
    const receiver = await TestReceiver.start((_p, seen) =>
      seen === 1 ? { status: 429, body: '' } : SUCCESS,
    );
    after(() => receiver.down());
    const { s, teamId } = await pushingTenant(t, '签名', receiver);
    const [id] = await enqueue(t.app, teamId, [
      { kind: PushKind.callRecord, orderKey: '', payload: callRecord(3) },
    ]);
    await eventually('delivered', async () => (await statusCounts(t.app, teamId)).delivered === 1);
    const settings = await call<{ data: { signing_secrets: { secret: string }[] } }>(
      t,
      s,
      '/ext/push/settings',
    );
    assert.deepEqual(
      receiver.received.map((p) => [p.eventId, p.attempt]),
      [
        [id, 1],
        [id, 2],
      ],
    );
    for (const p of receiver.received) {
      const verdict = verifyWebhookSignature(
        String(p.headers['x-aicall-signature']),
        p.body,
        settings.data.signing_secrets.map((x) => x.secret),
      );
      assert.equal(verdict.ok, true);
      assert.equal(p.body, JSON.stringify(callRecord(3)));
    }
  });
});
