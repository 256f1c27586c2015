import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { customerRows, get, moveRows, salesTeam, type Body } from '../support/customer-factories.js';
import { buildTestApp, call, type Session, type TestApp } from '../support/test-app.js';

type ListBody = { code: number; data: { total: number; list: Record<string, unknown>[] } };
const DAY = 86_400_000;

/** A fresh api_key for a session (keys live 2 h of the virtual clock). */
async function relogin(t: TestApp, s: Session): Promise<Session> {
  const password = s.user_name.startsWith('sales') ? 'secret12' : s.password;
  const r = await call<{ data: { api_key: string } }>(t, null, '/api/login', {
    username: s.user_name,
    password,
    from: 2,
  });
  return { ...s, api_key: r.data.api_key };
}

async function customerPushes(t: TestApp) {
  return t.app.db.system
    .selectFrom('push_events')
    .select(['payload', 'order_key', 'status', 'target_url'])
    .where('kind', '=', 'customer')
    .orderBy('id')
    .execute();
}

describe('6.7.6–6.7.9 and the pool rules: take, give up, transfer, collaborators, cap, automatic give-up', async () => {
  const clock = new VirtualClock(new Date('2025-03-03T02:00:00Z'));
  const t = await buildTestApp({}, clock);
  const team = await salesTeam(t, '销售团队', 8);
  const [s1, s2, s3] = team.sales as [Session, Session, Session];
  await call(t, team.main, '/api/setCallback', { open_callback: 1, callback_url: 'http://127.0.0.1:9/crm' });
  await get(t, team.main, '/api/addPublicCustomerJson', {
    add_json: {
      data: ['13500000001', '13500000002', '13500000003', '13500000004', '13500000005'].map((p, i) => ({
        姓名: `公海${i + 1}`,
        电话: p,
      })),
    },
    auto_ignore: 1,
  });

  it('many parallel takers of one public customer: exactly one wins, the others get 40009', async () => {
    const answers = await Promise.all(
      team.sales.map((s) => call<Body>(t, s, '/ext/customer/take', { phone: '13500000001' })),
    );
    const winners = answers.flatMap((a, i) => (a.code === 0 ? [i] : []));
    assert.equal(winners.length, 1, JSON.stringify(answers));
    assert.ok(answers.every((a) => a.code === 0 || a.code === 40009));
    const winner = team.sales[winners[0]!]!;
    assert.equal((await customerRows(t, team.main)).get('13500000001')!.owner_sn, winner.user_sn);
    const takes = (await moveRows(t, team.main)).filter((m) => m.action === 'take');
    assert.equal(takes.length, 1);
    const pushes = await customerPushes(t);
    assert.equal(pushes.length, 1);
    assert.equal(pushes[0]!.status, 'pending');
    assert.equal(pushes[0]!.target_url, 'http://127.0.0.1:9/crm');
    assert.equal(pushes[0]!.order_key, '13500000001');
    const body = pushes[0]!.payload;
    assert.deepEqual(
      [body.push_type, body.event, body.action, body.phone, body.name, body.user_sn, body.from_user_sn],
      ['customer', 'enter_private', 'take', '13500000001', '公海1', winner.user_sn, ''],
    );
    // Back to the pool for the next cases.
    assert.deepEqual(await get(t, winner, '/api/giveUp', { phone: '13500000001' }), {
      code: 0,
      msg: '操作成功',
    });
  });

  it('6.7.7 gives up only the caller’s own private customer; 6.7.8 transfers it with a push naming the old owner', async () => {
    assert.equal(
      (await call<Body>(t, s1, '/ext/customer/take', { phone: '13500000001,13500000002' })).code,
      0,
    );
    assert.equal((await get(t, s2, '/api/giveUp', { phone: '13500000001' })).code, 40004);
    const t1 = await get(t, s1, '/api/transferCustomer', { phone: '13500000002', user_sn_input: s2.user_sn });
    assert.deepEqual(t1, { code: 0, msg: '操作成功' });
    const rows = await customerRows(t, team.main);
    assert.equal(rows.get('13500000001')!.owner_sn, s1.user_sn);
    assert.equal(rows.get('13500000002')!.owner_sn, s2.user_sn);
    const last = (await customerPushes(t)).at(-1)!.payload;
    assert.deepEqual([last.action, last.user_sn, last.from_user_sn], ['transfer', s2.user_sn, s1.user_sn]);
    const mine = await get<ListBody>(t, s2, '/api/customerList', { isPrivate: 1 });
    assert.deepEqual(
      mine.data.list.map((c) => c.phone),
      ['13500000002'],
    );
    const moves = (await moveRows(t, team.main)).filter((m) => m.phone === '13500000002');
    assert.deepEqual(
      moves.map((m) => m.action),
      ['import', 'take', 'transfer'],
    );
  });

  it('6.7.9 sets and clears collaborators; a collaborator sees the customer in its private list', async () => {
    const r = await get(t, s2, '/api/updateFollowUser', { phone: '13500000002', follow_user_sn: s3.user_sn });
    assert.deepEqual(r, { code: 0, msg: '操作成功' });
    const seen = await get<ListBody>(t, s3, '/api/customerList', { isPrivate: 1 });
    assert.deepEqual(
      seen.data.list.map((c) => [c.phone, c.follow_user]),
      [['13500000002', [{ user_sn: s3.user_sn, user_name: s3.user_name }]]],
    );
    assert.equal(
      (await get(t, s3, '/api/giveUp', { phone: '13500000002' })).code,
      40004,
      'collaborator is not owner',
    );
    assert.equal(
      (await get(t, s2, '/api/updateFollowUser', { phone: '13500000002', follow_user_sn: 'SYSUSER|nobody' }))
        .code,
      40004,
    );
    await get(t, s2, '/api/updateFollowUser', { phone: '13500000002', follow_user_sn: '' });
    assert.equal((await get<ListBody>(t, s3, '/api/customerList', { isPrivate: 1 })).data.total, 0);
  });

  it('the private-pool cap refuses a take beyond it with 40029 and changes nothing', async () => {
    const set = await call<Body>(t, team.main, '/ext/customer/settings/set', { private_cap: 2 });
    assert.equal(set.code, 0, set.msg);
    assert.equal((await call<Body>(t, s1, '/ext/customer/settings/set', { private_cap: 9 })).code, 20007);
    const r = await call<Body>(t, s3, '/ext/customer/take', { phone: '13500000003,13500000004,13500000005' });
    assert.equal(r.code, 40029);
    assert.equal((await customerRows(t, team.main)).get('13500000003')!.owner_id, null);
    const over = await get(t, s1, '/api/transferCustomer', {
      phone: '13500000001',
      user_sn_input: s2.user_sn,
    });
    assert.equal(over.code, 0, 's2 holds one, may hold two');
    const full = await call<Body>(t, s2, '/ext/customer/take', { phone: '13500000003' });
    assert.equal(full.code, 40029);
    await call(t, team.main, '/ext/customer/settings/set', { private_cap: 0 });
  });

  it('6.7.6 deletes public customers only, with success/fail counts; bad phones are 20002', async () => {
    const r = await get(t, team.main, '/api/deleteOpen', { phone: '13500000005,13500000001' });
    assert.deepEqual(r, { code: 0, msg: '删除完成', data: { success: 1, fail: 1 } });
    assert.equal((await customerRows(t, team.main)).has('13500000005'), false);
    assert.equal((await get(t, team.main, '/api/deleteOpen', { phone: '13500000003,abc' })).code, 20002);
    assert.equal((await customerRows(t, team.main)).has('13500000003'), true);
    assert.equal((await get(t, team.main, '/api/giveUp', { phone: '' })).code, 20002);
  });

  it('notes and the timeline: calls, notes and moves of one customer, newest first', async () => {
    assert.equal(
      (await call<Body>(t, s2, '/ext/customer/note', { phone: '13500000002', content: '约了下周见面' })).code,
      0,
    );
    assert.equal(
      (await call<Body>(t, s3, '/ext/customer/note', { phone: '13500000002', content: 'x' })).code,
      40004,
    );
    assert.equal(
      (await call<Body>(t, s2, '/ext/customer/note', { phone: '13500000002', content: ' ' })).code,
      20002,
    );
    const d = await call<{
      code: number;
      data: { customer: Record<string, unknown>; timeline: Record<string, unknown>[] };
    }>(t, s2, '/ext/customer/detail', { phone: '13500000002' });
    assert.equal(d.code, 0);
    assert.equal(d.data.customer.user_sn, s2.user_sn);
    assert.deepEqual(
      d.data.timeline.map((e) => [e.type, e.action ?? e.content]),
      [
        ['note', '约了下周见面'],
        ['move', 'collaborators'],
        ['move', 'collaborators'],
        ['move', 'transfer'],
        ['move', 'take'],
        ['move', 'import'],
      ],
    );
  });

  it('automatic give-up on the virtual clock: no follow-up for N days returns a customer to the public pool', async () => {
    const main = await relogin(t, team.main);
    await call(t, main, '/ext/customer/settings/set', { auto_give_up_days: 3 });
    // 13500000001 (s2, taken and transferred now, no note) and 13500000002 (s2, note now).
    await clock.advance(2 * DAY);
    assert.equal(await t.app.autoGiveUp.runDue(), 0);
    const s2Now = await relogin(t, s2);
    assert.equal(
      (await call<Body>(t, s2Now, '/ext/customer/note', { phone: '13500000002', content: '再跟进' })).code,
      0,
    );
    await clock.advance(1.5 * DAY);
    assert.equal(await t.app.autoGiveUp.runDue(), 1);
    let rows = await customerRows(t, main);
    assert.equal(rows.get('13500000001')!.owner_id, null);
    assert.equal(rows.get('13500000002')!.owner_sn, s2.user_sn);
    await clock.advance(2 * DAY);
    assert.equal(await t.app.autoGiveUp.runDue(), 1);
    rows = await customerRows(t, main);
    assert.equal(rows.get('13500000002')!.owner_id, null);
    const auto = (await moveRows(t, main)).filter((m) => m.action === 'auto_give_up');
    assert.deepEqual(
      auto.map((m) => [m.phone, m.actor_id, m.to_owner_id, m.detail]),
      [
        ['13500000001', null, null, '3天未跟进'],
        ['13500000002', null, null, '3天未跟进'],
      ],
    );
    assert.equal(await t.app.autoGiveUp.runDue(), 0, 'idempotent');
  });
});
