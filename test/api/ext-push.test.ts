import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { verifyWebhookSignature } from '../../src/lib/webhook-signature.js';
import { PushKind } from '../../src/services/push/outbox.js';
import { SUCCESS, TestReceiver, callRecord, enqueue, eventually, teamIdOf } from '../flows/push-support.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body<T = Record<string, unknown>> = { code: number; msg?: string; data: T };
interface Secret {
  secret: string;
  created_at: string;
  expires_at: string;
}
interface Settings {
  signing_secrets: Secret[];
  retry: Record<string, number>;
  retry_overrides: Record<string, number>;
  retry_defaults: Record<string, number>;
}
interface EventSummary {
  id: number;
  event_id: string;
  kind: string;
  status: string;
  attempts: number;
  last_status: number;
  last_error: string;
  payload?: Record<string, unknown>;
}

describe('ext push API and 6.6.2 push test', async () => {
  // Registered before buildTestApp's own hooks, so the worker stops before the database is dropped.
  let stopWorker = () => Promise.resolve();
  after(() => stopWorker());
  const t = await buildTestApp();
  stopWorker = () => t.app.push.worker.stop();
  const s = await newTenant(t, '推送接口');
  const other = await newTenant(t, '另一个租户');
  const teamId = await teamIdOf(t.app, s);
  const receiver = await TestReceiver.start();
  after(() => receiver.down());
  await call(t, s, '/api/setCallback', {
    open_callback: 1,
    callback_url: receiver.url,
    task_callback_url: receiver.url,
  });

  it('shows the signing secret (created on first use) and rotates it with an overlap', async () => {
    const first = await call<Body<Settings>>(t, s, '/ext/push/settings');
    assert.equal(first.code, 0);
    assert.equal(first.data.signing_secrets.length, 1);
    const original = first.data.signing_secrets[0]!;
    assert.match(original.secret, /^[0-9a-f]{64}$/);
    assert.equal(original.expires_at, '');
    assert.deepEqual((await call<Body<Settings>>(t, s, '/ext/push/settings')).data.signing_secrets, [
      original,
    ]);

    const rotated = await call<Body<Settings>>(t, s, '/ext/push/secret/rotate', { overlap_hours: 24 });
    assert.equal(rotated.code, 0);
    const [current, previous] = rotated.data.signing_secrets;
    assert.notEqual(current!.secret, original.secret);
    assert.equal(current!.expires_at, '');
    assert.equal(previous!.secret, original.secret);
    assert.notEqual(previous!.expires_at, '');

    // A second rotation ends the earlier overlap: never more than two secrets sign.
    const again = await call<Body<Settings>>(t, s, '/ext/push/secret/rotate', { overlap_hours: '1' });
    assert.deepEqual(
      again.data.signing_secrets.map((x) => x.secret),
      [again.data.signing_secrets[0]!.secret, current!.secret],
    );
    const immediate = await call<Body<Settings>>(t, s, '/ext/push/secret/rotate', { overlap_hours: 0 });
    assert.equal(immediate.data.signing_secrets.length, 1);
    assert.equal((await call(t, s, '/ext/push/secret/rotate', { overlap_hours: -1 })).code, 20002);
    // Another tenant has its own secret.
    const theirs = await call<Body<Settings>>(t, other, '/ext/push/settings');
    assert.notEqual(theirs.data.signing_secrets[0]!.secret, immediate.data.signing_secrets[0]!.secret);
  });

  it('sets, validates and resets the retry schedule', async () => {
    const set = await call<Body<Settings>>(t, s, '/ext/push/retry', { base_seconds: '1', factor: 1.5 });
    assert.equal(set.code, 0);
    assert.equal(set.data.retry.base_seconds, 1);
    assert.equal(set.data.retry.factor, 1.5);
    assert.equal(set.data.retry.min_attempts, 4);
    assert.deepEqual(set.data.retry_overrides, { base_seconds: 1, factor: 1.5 });
    const more = await call<Body<Settings>>(t, s, '/ext/push/retry', { min_attempts: 6 });
    assert.deepEqual(more.data.retry_overrides, { base_seconds: 1, factor: 1.5, min_attempts: 6 });
    const bad = await call(t, s, '/ext/push/retry', { base_seconds: 0, min_attempts: 2 });
    assert.equal(bad.code, 20002);
    assert.match(String(bad.msg), /base_seconds.*min_attempts/);
    const reset = await call<Body<Settings>>(t, s, '/ext/push/retry', { reset: 1 });
    assert.deepEqual(reset.data.retry_overrides, {});
    assert.deepEqual(reset.data.retry, reset.data.retry_defaults);
    assert.equal(reset.data.retry.base_seconds, 30);
  });

  it('6.6.2 sends a signed sample call record once and reports an acknowledgement', async () => {
    receiver.handler = () => SUCCESS;
    const before = receiver.received.length;
    const res = await call<Body>(t, s, '/api/pushTest');
    assert.equal(res.code, 0);
    assert.equal(res.data.callback_url, receiver.url);
    assert.equal(res.data.status, 200);
    assert.equal(res.data.acknowledged, true);
    assert.equal(res.data.response_snippet, 'SUCCESS');
    assert.equal(res.data.error, '');
    assert.equal(receiver.received.length, before + 1);
    const push = receiver.received[before]!;
    assert.equal(push.kind, 'test');
    assert.equal(push.eventId, res.data.event_id);
    const record = JSON.parse(push.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(record).slice(0, 8), [
      'id',
      'sn',
      'user_sn',
      'user_name',
      'parent_sn',
      'team_sn',
      'team_name',
      'created_at',
    ]);
    assert.equal(record.user_sn, s.user_sn);
    assert.match(String(record.team_sn), /^SON\|/);
    assert.equal(record.team_name, '推送接口');
    assert.match(String(record.sn), /^account\|[0-9a-f]{32}$/);
    for (const field of ['phone', 'connected_at', 'disconnected_at', 'talktimes', 'status', 'recordfile']) {
      assert.ok(field in record, field);
    }
    const { data } = await call<Body<Settings>>(t, s, '/ext/push/settings');
    const verdict = verifyWebhookSignature(
      String(push.headers['x-aicall-signature']),
      push.body,
      data.signing_secrets.map((x) => x.secret),
    );
    assert.equal(verdict.ok, true);
  });

  it('6.6.2 reports a receiver that does not answer SUCCESS, and refuses bad targets', async () => {
    receiver.handler = () => ({ status: 200, body: '{"code":0}' });
    const res = await call<Body>(t, s, '/api/pushTest', { callback_url: receiver.url });
    assert.equal(res.code, 0);
    assert.equal(res.data.acknowledged, false);
    assert.equal(res.data.status, 200);
    assert.equal(res.data.response_snippet, '{"code":0}');
    assert.equal(res.data.error, 'HTTP 200 without SUCCESS');
    const down = await call<Body>(t, s, '/api/pushTest', { callback_url: 'http://127.0.0.1:9/none' });
    assert.equal(down.data.acknowledged, false);
    assert.equal(down.data.status, 0);
    assert.match(String(down.data.error), /^connect/);
    assert.equal((await call(t, s, '/api/pushTest', { callback_url: 'http://10.1.2.3/x' })).code, 20002);
    assert.equal((await call(t, s, '/api/pushTest', { callback_url: 'ftp://x/y' })).code, 20002);
    assert.equal((await call(t, other, '/api/pushTest')).code, 20002); // no callback_url configured
    receiver.handler = () => SUCCESS;
  });

  it('9.1 refuses a private destination that is not allow-listed', async () => {
    const res = await call(t, other, '/api/setCallback', {
      open_callback: 1,
      callback_url: 'http://10.0.0.8/cb',
    });
    assert.equal(res.code, 20002);
    assert.match(String(res.msg), /CALLBACK_ALLOWLIST/);
  });

  it('keeps events without a destination as skipped and delivers due ones on drain', async () => {
    const otherTeam = await teamIdOf(t.app, other);
    const [skipped] = await enqueue(t.app, otherTeam, [
      { kind: PushKind.callRecord, orderKey: '', payload: callRecord(0) },
    ]);
    const before = receiver.received.length;
    const [queued] = await enqueue(t.app, teamId, [
      { kind: PushKind.callRecord, orderKey: '', payload: callRecord(0) },
    ]);
    assert.equal(await t.app.push.worker.drain(), 1);
    assert.deepEqual(
      receiver.received.slice(before).map((p) => p.eventId),
      [queued],
    );
    const theirs = await call<Body<{ list: EventSummary[] }>>(t, other, '/ext/push/events');
    assert.deepEqual(
      theirs.data.list.map((e) => [e.event_id, e.status, e.attempts]),
      [[skipped, 'skipped', 0]],
    );
    assert.equal(await t.app.push.worker.drain(), 0);
  });

  it('shows the delivery log of an event, to its own tenant only', async () => {
    receiver.handler = (_p, seen) => (seen === 1 ? { status: 503, body: 'busy' } : SUCCESS);
    await call(t, s, '/ext/push/retry', { base_seconds: 1, max_delay_seconds: 1 });
    const [eventId] = await enqueue(t.app, teamId, [
      { kind: PushKind.callRecord, orderKey: '', payload: callRecord(1) },
    ]);
    t.app.push.worker.start(); // stopped with the app when the file ends
    let log: Body<{ event: EventSummary; attempts: Record<string, unknown>[] }> | undefined;
    await eventually('delivered after one retry', async () => {
      const current = await call<NonNullable<typeof log>>(t, s, '/ext/push/log', { event_id: eventId });
      log = current;
      return current.data.event.status === 'delivered';
    });
    assert.ok(log);
    assert.equal(log.data.event.attempts, 2);
    assert.deepEqual(log.data.event.payload, callRecord(1));
    const [first, second] = log.data.attempts;
    assert.equal(first!.attempt, 1);
    assert.equal(first!.status_code, 503);
    assert.equal(first!.response_snippet, 'busy');
    assert.equal(first!.outcome, 'retry');
    assert.equal(first!.error, 'HTTP 503');
    assert.notEqual(first!.next_attempt_at, '');
    assert.equal(typeof first!.latency_ms, 'number');
    assert.equal(second!.outcome, 'delivered');
    assert.equal(second!.status_code, 200);
    assert.equal(second!.error, '');
    assert.equal((await call(t, other, '/ext/push/log', { event_id: eventId })).code, 40004);
    assert.equal((await call(t, s, '/ext/push/log', { event_id: 'not-a-uuid' })).code, 20002);
  });

  it('lists dead letters and resends them by id and by time range with the same event id', async () => {
    receiver.handler = () => ({ status: 410, body: 'gone' });
    const ids = await enqueue(t.app, teamId, [
      { kind: PushKind.importResult, orderKey: 'dial_task_main_sn|a', payload: { dial_task_main_sn: 'a' } },
      { kind: PushKind.importResult, orderKey: 'dial_task_main_sn|b', payload: { dial_task_main_sn: 'b' } },
    ]);
    await eventually(
      'both dead after 4 attempts',
      async () => {
        const dead = await call<Body<{ total: number; list: EventSummary[] }>>(t, s, '/ext/push/dead', {
          kind: 'import_result',
        });
        return dead.data.total === 2;
      },
      15_000,
    );
    const dead = await call<Body<{ total: number; list: EventSummary[] }>>(t, s, '/ext/push/dead', {
      pageSize: 1,
    });
    assert.equal(dead.data.list.length, 1);
    assert.equal(dead.data.list[0]!.event_id, ids[1]); // newest first
    assert.equal(dead.data.list[0]!.attempts, 4);
    assert.equal(dead.data.list[0]!.last_status, 410);
    assert.match(dead.data.list[0]!.last_error, /gave up after 4 attempts: HTTP 410/);
    assert.equal((await call<Body<{ total: number }>>(t, other, '/ext/push/dead')).data.total, 0);

    receiver.handler = () => SUCCESS;
    const before = receiver.received.length;
    const one = await call<Body<{ resent: number }>>(t, s, '/ext/push/resend', { event_id: ids[0] });
    assert.deepEqual(one, { code: 0, msg: '已加入推送队列', data: { resent: 1 } });
    const range = await call<Body<{ resent: number }>>(t, s, '/ext/push/resend', {
      start_time: '2000-01-01 00:00:00',
      end_time: '2100-01-01',
      kind: 'import_result',
    });
    assert.equal(range.data.resent, 1); // only the other dead one: the first is pending again
    await eventually('both delivered', () => receiver.received.length >= before + 2);
    const resent = receiver.received.slice(before);
    assert.deepEqual(resent.map((p) => p.eventId).sort(), [...ids].sort());
    assert.deepEqual(
      resent.map((p) => p.attempt),
      [5, 5],
    );
    assert.equal((await call(t, s, '/ext/push/resend', {})).code, 20002);
    assert.equal((await call(t, s, '/ext/push/resend', { start_time: 'yesterday' })).code, 20002);
    const none = await call<Body<{ resent: number }>>(t, other, '/ext/push/resend', { event_id: ids[0] });
    assert.equal(none.data.resent, 0);
  });

  it('pulls events since a cursor with payloads in the producer field order', async () => {
    // The receiver has both resent events, but the worker may still be recording the second one's delivery.
    await eventually('every event recorded as delivered', async () => {
      const events = await call<Body<{ list: EventSummary[] }>>(t, s, '/ext/push/events');
      return events.data.list.every((e) => e.status === 'delivered');
    });
    const page1 = await call<Body<{ list: EventSummary[]; next_cursor: number; has_more: boolean }>>(
      t,
      s,
      '/ext/push/events',
      { cursor: 0, limit: 2 },
    );
    assert.equal(page1.code, 0);
    assert.equal(page1.data.list.length, 2);
    assert.equal(page1.data.has_more, true);
    assert.equal(page1.data.next_cursor, page1.data.list[1]!.id);
    const rest = await call<Body<{ list: EventSummary[]; next_cursor: number; has_more: boolean }>>(
      t,
      s,
      '/ext/push/events',
      { cursor: page1.data.next_cursor },
    );
    assert.equal(rest.data.list.length, 2);
    assert.equal(rest.data.has_more, false);
    const all = [...page1.data.list, ...rest.data.list];
    assert.deepEqual(
      all.map((e) => e.kind),
      ['call_record', 'call_record', 'import_result', 'import_result'],
    );
    assert.ok(all.every((e) => e.status === 'delivered' && typeof e.event_id === 'string'));
    assert.deepEqual(Object.keys(all[0]!.payload!), ['id', 'sn', 'phone', 'talktimes']);
    const end = await call<Body<{ list: unknown[]; next_cursor: number }>>(t, s, '/ext/push/events', {
      cursor: rest.data.next_cursor,
    });
    assert.deepEqual(end.data, { list: [], next_cursor: rest.data.next_cursor, has_more: false });
    const imports = await call<Body<{ list: EventSummary[] }>>(t, s, '/ext/push/events', {
      kind: 'import_result',
    });
    assert.equal(imports.data.list.length, 2);
    assert.equal((await call<Body<{ list: unknown[] }>>(t, other, '/ext/push/events')).data.list.length, 1);
    assert.equal((await call(t, s, '/ext/push/events', { cursor: 'abc' })).code, 20002);
    assert.equal((await call(t, s, '/ext/push/events', { limit: 5000 })).code, 20002);
  });
});
