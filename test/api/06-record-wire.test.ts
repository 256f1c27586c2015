// The call record on the wire is one document: the 6.6.1 push of a call is its 6.1 record, field by field and in
// the same order, and the 6.6.2 test push has the same fields with the same types. Both a main account's call
// (parent_sn null) and a sub-account's (parent_sn = the main account's user_name) are compared.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { SUCCESS, TestReceiver } from '../flows/push-support.js';
import { addLine, addScript, addTask, dialTenant, drive, taskRow } from '../support/dial-factories.js';
import { buildTestApp, call, type Session } from '../support/test-app.js';

type Body<T = Record<string, unknown>> = { code: number; msg?: string; data: T };
type Record6 = Record<string, unknown>;

// Monday 2025-01-06 10:00 in Shanghai.
const START = new Date('2025-01-06T02:00:00Z');

/** JSON type of a value, distinguishing null and arrays. */
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

describe('call record wire form: 6.1 = 6.6.1 push, 6.6.2 has the same fields', async () => {
  const clock = new VirtualClock(START);
  const t = await buildTestApp({}, clock);
  const { app } = t;
  const tenant = await dialTenant(app, { aiCount: 4, name: '流水一致' });
  const login = async (username: string, password: string): Promise<Session> => {
    const res = await call<Body<{ api_key: string; user_sn: string }>>(t, null, '/api/login', {
      username,
      password,
      from: '2',
    });
    return { ...tenant.creds, user_name: username, password, ...res.data };
  };
  const main = await login(tenant.creds.user_name, tenant.creds.password);
  const created = await call<Body<{ user_sn: string }>>(t, main, '/api/aiUserSaveapi', {
    user_name: 'wire_sub',
    contact: '坐席一',
    password: 'Sub-pass-1',
    re_password: 'Sub-pass-1',
    max_call_count: 1,
  });
  assert.equal(created.code, 0, created.msg);
  const subId = (
    await app.db.system
      .selectFrom('accounts')
      .select('id')
      .where('user_name', '=', 'wire_sub')
      .executeTakeFirstOrThrow()
  ).id;
  const receiver = await TestReceiver.start();
  after(() => receiver.down());
  receiver.handler = () => SUCCESS;
  await call(t, main, '/api/setCallback', { open_callback: 1, callback_url: receiver.url });
  await addLine(app.db, tenant.teamId, { capacity: 4, config: { seed: 'wire', outcomes: { answered: 1 } } });
  const scriptId = await addScript(app.db, tenant.teamId);
  const mainTask = await addTask(app.db, tenant.teamId, {
    accountId: tenant.accountId,
    scriptId,
    phones: ['13800000001', '01088886666'],
  });
  const subTask = await addTask(app.db, tenant.teamId, {
    accountId: subId,
    scriptId,
    phones: ['13800000002'],
  });

  it('pushes each call as exactly its 6.1 record', async () => {
    app.dialer.start();
    for (let i = 0; i < 600; i++) {
      const states = await Promise.all([taskRow(app.db, mainTask.id), taskRow(app.db, subTask.id)]);
      if (states.every((s) => s.status === 1)) break;
      await drive(clock, app.dialer, 1_000);
    }
    await app.dialer.stop();
    const listed = await call<Body<{ total: number; list: Record6[] }>>(t, main, '/api/crmList', {
      start_create_at: '2025-01-01',
      pageSize: 100,
    });
    assert.equal(listed.code, 0, listed.msg);
    assert.equal(listed.data.total, 3);
    const pushes = await app.db.system
      .selectFrom('push_events')
      .select('payload')
      .where('team_id', '=', tenant.teamId)
      .where('kind', '=', 'call_record')
      .execute();
    assert.equal(pushes.length, 3);
    const pushed = new Map(pushes.map((p) => [(p.payload as Record6).sn, p.payload as Record6]));
    for (const record of listed.data.list) {
      const push = pushed.get(record.sn);
      assert.ok(push, `push of ${String(record.sn)}`);
      assert.deepEqual(Object.keys(push), Object.keys(record), 'same fields in the same order');
      for (const key of Object.keys(record)) {
        assert.deepEqual(push[key], record[key], `${String(record.phone)}: ${key}`);
      }
    }
    const byPhone = new Map(listed.data.list.map((r) => [r.phone, r]));
    assert.equal(byPhone.get('13800000001')?.parent_sn, null, 'main account: parent_sn null');
    assert.equal(byPhone.get('13800000002')?.parent_sn, main.user_name, 'sub-account: the main account');
    assert.equal(byPhone.get('01088886666')?.area_code, '010');
  });

  it('sends the 6.6.2 sample with the 6.1 fields, order and types', async () => {
    const listed = await call<Body<{ list: Record6[] }>>(t, main, '/api/crmList', {
      start_create_at: '2025-01-01',
      pageSize: 1,
    });
    const record = listed.data.list[0]!;
    const res = await call<Body<{ payload: Record6 }>>(t, main, '/api/pushTest');
    assert.equal(res.code, 0, res.msg);
    const sample = JSON.parse(receiver.received.at(-1)!.body) as Record6;
    assert.deepEqual(sample, res.data.payload);
    assert.deepEqual(Object.keys(sample), Object.keys(record));
    for (const key of Object.keys(record)) {
      const nullable = ['unit_phone', 'pushed_at', 'listened_at', 'intervention_at'].includes(key);
      if (!nullable) assert.equal(typeOf(sample[key]), typeOf(record[key]), key);
    }
    assert.equal(sample.parent_sn, null, 'a main account has no parent');
  });
});
