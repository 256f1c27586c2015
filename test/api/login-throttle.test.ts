// Brute-force protection: growing waits then a lockout, per account and per client address, on both login forms
// and on api_key guessing; other accounts keep working. Time is a FixedClock: nothing sleeps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateTime } from '../../src/lib/clock.js';
import { md5Hex } from '../../src/lib/hash.js';
import { FixedClock } from '../support/fixed-clock.js';
import { buildTestApp, newTenant } from '../support/test-app.js';

type Body = { code?: number; msg?: string; data?: { api_key: string } };

describe('login and api_key brute-force protection', async () => {
  const clock = new FixedClock(new Date());
  const t = await buildTestApp({}, clock);
  const a = await newTenant(t, '被攻击');
  const b = await newTenant(t, '旁观者');

  const login = async (params: Record<string, unknown>, from = '10.0.0.1') => {
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/login',
      payload: params,
      remoteAddress: from,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Body>();
  };
  const byPassword = (user: string, password: string, from?: string) =>
    login({ username: user, password, from: '2' }, from);
  const bySign = (s: typeof a, secret: string, from?: string) => {
    const timestamp = formatDateTime(clock.now());
    return login(
      {
        from: '1',
        api_access_id: s.api_access_id,
        timestamp,
        sign: md5Hex(s.api_access_id + secret + timestamp),
      },
      from,
    );
  };
  const callWith = async (apiKey: string, userSn: string, from: string) => {
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/callTimeList',
      payload: { api_key: apiKey, user_sn: userSn },
      remoteAddress: from,
    });
    return res.json<Body>();
  };
  const LOCK = 15 * 60_000;
  const locked = (body: Body) => (waitOf(body) ?? 0) >= LOCK;
  /** Milliseconds the refusal asks to wait, or undefined for an ordinary answer. */
  const waitOf = (body: Body) => {
    const m = /请(\d+)(秒|分钟)后再试/.exec(body.msg ?? '');
    return m ? Number(m[1]) * (m[2] === '秒' ? 1000 : 60_000) : undefined;
  };

  it('password login: 4 free failures, then growing waits (1 s, 2 s, 4 s …), then a 15-minute lockout', async () => {
    for (let i = 1; i <= 4; i++) {
      assert.deepEqual(await byPassword(a.user_name, 'wrong'), { code: 20004, msg: '用户名或密码错误' });
    }
    const fifth = await byPassword(a.user_name, 'wrong');
    assert.equal(fifth.code, 20004);
    assert.match(fifth.msg!, /登录失败次数过多,已暂时锁定,请1秒后再试/);
    // During the wait even the right password is refused, without being checked …
    const early = await byPassword(a.user_name, a.password);
    assert.equal(early.code, 20004);
    assert.equal(early.data, undefined);
    // … while another account logs in at once from another address.
    assert.equal((await byPassword(b.user_name, b.password, '10.0.0.2')).code, 0);
    const waits: number[] = [];
    clock.advance(waitOf(fifth)!);
    for (;;) {
      const wait = waitOf(await byPassword(a.user_name, 'wrong'))!;
      waits.push(wait);
      if (wait >= 60_000) break;
      clock.advance(wait);
    }
    assert.deepEqual(waits, [2000, 4000, 8000, 16_000, 15 * 60_000]);
    assert.match((await byPassword(a.user_name, a.password)).msg!, /请15分钟后再试/);
    clock.advance(15 * 60_000);
    assert.equal((await byPassword(a.user_name, a.password)).code, 0);
    // A success clears the account's count: the next failure is an ordinary one again.
    assert.deepEqual(await byPassword(a.user_name, 'wrong'), { code: 20004, msg: '用户名或密码错误' });
  });

  it('access-id login (sign): the same limits per access id; other accounts unaffected', async () => {
    clock.advance(16 * 60_000);
    let last: Body = {};
    for (let i = 0; i < 40 && !locked(last); i++) {
      last = await bySign(a, 'not-the-secret', '10.0.1.1');
      assert.equal(last.code, 20004);
      if (!locked(last)) clock.advance(waitOf(last) ?? 0);
    }
    assert.match(last.msg!, /请15分钟后再试/);
    assert.equal((await bySign(a, a.api_access_secret, '10.0.1.1')).code, 20004);
    assert.equal((await bySign(a, a.api_access_secret, '10.0.1.2')).code, 20004, 'locked per account');
    assert.equal((await bySign(b, b.api_access_secret, '10.0.1.3')).code, 0);
  });

  it('per address: a spray of different names from one address is locked after 50 failures', async () => {
    clock.advance(16 * 60_000);
    let failures = 0;
    let last: Body = {};
    while (!locked(last)) {
      last = await byPassword(`nobody${failures}`, 'wrong', '10.0.2.1');
      if (!locked(last)) {
        failures++;
        clock.advance(waitOf(last) ?? 0);
      }
      assert.ok(failures < 60, 'locks out within 50 failures');
    }
    assert.equal(failures, 49); // the 50th failure answers with the lockout
    assert.match((await byPassword(b.user_name, b.password, '10.0.2.1')).msg!, /请15分钟后再试/);
    assert.equal((await byPassword(b.user_name, b.password, '10.0.2.2')).code, 0);
  });

  it('api_key guessing: per address and per user_sn; a caller whose key works keeps working', async () => {
    clock.advance(16 * 60_000);
    const fresh = await byPassword(a.user_name, a.password, '10.0.3.9');
    const realKey = fresh.data!.api_key;
    const other = (await byPassword(b.user_name, b.password, '10.0.3.8')).data!.api_key;
    let last: Body = {};
    for (let i = 0; i < 200 && !locked(last); i++) {
      // The integration keeps calling with its key throughout, whatever the guesser does.
      assert.equal((await callWith(realKey, a.user_sn, '10.0.3.9')).code, 0);
      const guess = `g${String(i).padStart(7, '0')}`;
      last = await callWith(guess, a.user_sn, `10.0.4.${i % 200}`); // spread over addresses: the account limit
      assert.equal(last.code, 20005);
      if (!locked(last)) clock.advance(waitOf(last) ?? 0);
    }
    assert.match(last.msg!, /api_key验证失败次数过多,已暂时锁定,请15分钟后再试/);
    // The right key from a new address is refused now (a guesser cannot confirm a hit) …
    assert.match((await callWith(realKey, a.user_sn, '10.0.5.1')).msg!, /暂时锁定/);
    // … the integration that was already using it is not locked out, and other accounts are untouched.
    assert.equal((await callWith(realKey, a.user_sn, '10.0.3.9')).code, 0);
    assert.equal((await callWith(other, b.user_sn, '10.0.5.1')).code, 0);
  });
});
