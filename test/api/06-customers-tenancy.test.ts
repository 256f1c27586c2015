import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { customerRows, get, moveRows, salesTeam, type Body } from '../support/customer-factories.js';
import { buildTestApp, call, type Session } from '../support/test-app.js';

type ListBody = { code: number; data: { total: number; list: { phone: string }[] } };

describe('customer pools: a second tenant can neither read nor move the first one’s customers', async () => {
  const t = await buildTestApp();
  const a = await salesTeam(t, '租户A', 1);
  const b = await salesTeam(t, '租户B', 1);
  const [aSales] = a.sales as [Session];
  const [bSales] = b.sales as [Session];
  await get(t, a.main, '/api/addCustomerJson', {
    add_json: { data: [{ 姓名: 'A私海', 电话: '13600000001' }] },
    user_sn_input: aSales.user_sn,
  });
  await get(t, a.main, '/api/addPublicCustomerJson', {
    add_json: { data: [{ 姓名: 'A公海', 电话: '13600000002' }] },
    auto_ignore: 1,
  });

  it('lists and timelines show nothing of tenant A to tenant B', async () => {
    for (const isPrivate of [0, 1]) {
      const r = await get<ListBody>(t, b.main, '/api/customerList', { isPrivate });
      assert.equal(r.code, 0);
      assert.equal(r.data.total, 0);
    }
    const detail = await call<Body>(t, b.main, '/ext/customer/detail', { phone: '13600000002' });
    assert.equal(detail.code, 40004);
  });

  it("B's moves on A's phones are not found and change nothing; A's sub-account cannot be B's collaborator", async () => {
    const before = await customerRows(t, a.main);
    const movesBefore = (await moveRows(t, a.main)).length;
    assert.equal((await get(t, b.main, '/api/giveUp', { phone: '13600000001' })).code, 40004);
    assert.equal(
      (await get(t, b.main, '/api/transferCustomer', { phone: '13600000001', user_sn_input: bSales.user_sn }))
        .code,
      40004,
    );
    assert.equal(
      (
        await get(t, b.main, '/api/updateFollowUser', {
          phone: '13600000001',
          follow_user_sn: bSales.user_sn,
        })
      ).code,
      40004,
    );
    assert.equal((await call<Body>(t, bSales, '/ext/customer/take', { phone: '13600000002' })).code, 40004);
    const del = await get(t, b.main, '/api/deleteOpen', { phone: '13600000002' });
    assert.deepEqual(del, { code: 0, msg: '删除完成', data: { success: 0, fail: 1 } });
    // B imports the same phone into its own pool: a separate customer, A's is untouched.
    await get(t, b.main, '/api/addCustomerJson', {
      add_json: { data: [{ 电话: '13600000099' }] },
      user_sn_input: bSales.user_sn,
    });
    const cross = await get(t, b.main, '/api/updateFollowUser', {
      phone: '13600000099',
      follow_user_sn: aSales.user_sn,
    });
    assert.equal(cross.code, 40004);
    assert.deepEqual(await customerRows(t, a.main), before);
    assert.equal((await moveRows(t, a.main)).length, movesBefore);
    const collaborators = await t.app.db.system.selectFrom('customer_collaborators').selectAll().execute();
    assert.equal(collaborators.length, 0);
  });

  it('every customer table is under row-level security', async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean }>`
      SELECT relname, relrowsecurity FROM pg_class
      WHERE relname IN ('customers', 'customer_collaborators', 'customer_notes', 'customer_moves',
                        'customer_pool_settings', 'task_prescreen') ORDER BY relname`.execute(
      t.app.db.system,
    );
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.relrowsecurity));
    // Inside B's tenant transaction, A's rows do not exist, whatever the query says.
    const teamB = await t.app.db.system
      .selectFrom('accounts')
      .select('team_id')
      .where('sn', '=', b.main.user_sn)
      .executeTakeFirstOrThrow();
    const seen = await t.app.db.tenant(teamB.team_id, (trx) =>
      trx.selectFrom('customers').select('phone').where('phone', 'like', '136000000%').execute(),
    );
    assert.deepEqual(
      seen.map((r) => r.phone),
      ['13600000099'],
    );
  });
});
