import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateTime } from '../../src/lib/clock.js';
import { md5Hex } from '../../src/lib/hash.js';
import { FixedClock } from '../support/fixed-clock.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

// The reference's worked example (§1.4).
const ID = 'a655f309e7d7b404f4b6b898688ff50d';
const SECRET = '339168cd341bb57c45d9f45ea1f9bfdf';
const TS = '2024-09-24 09:34:25';
const SIGN = '0bf4482eac6ac7ae68813905aa26b2b4';

describe('1.2 / 1.3 /api/login', async () => {
  const clock = new FixedClock(parseDateTime(TS, 'Asia/Shanghai')!);
  const t = await buildTestApp({}, clock);
  const creds = await t.app.tenants.create({
    name: '签名示例',
    userName: 'signer',
    password: 'pass1234',
    accessId: ID,
    accessSecret: SECRET,
  });

  it('computes the reference sign', () => {
    assert.equal(md5Hex(ID + SECRET + TS), SIGN);
  });

  it('logs in with the worked api_access_id example and returns the documented fields', async () => {
    const body = await call<{ code: number; msg: string; data: Record<string, unknown> }>(
      t,
      null,
      '/api/login',
      {
        api_access_id: ID,
        from: 1,
        timestamp: TS,
        sign: SIGN,
      },
    );
    assert.equal(body.code, 0);
    assert.equal(body.msg, 'login success');
    assert.equal(body.data.user_sn, creds.user_sn);
    assert.match(String(body.data.api_key), /^[A-Za-z0-9]{8}$/);
    const expire = Number(body.data.api_key_expire);
    assert.equal(expire, Math.floor(clock.now().getTime() / 1000) + 7200);
    for (const key of [
      'id',
      'user_name',
      'team_name',
      'team_sn',
      'expired',
      'ai_count',
      'caller_group',
      'parent_sn',
      'status',
      'job',
    ]) {
      assert.ok(key in body.data, `missing ${key}`);
    }
  });

  it('accepts from as a string and rejects a timestamp outside the 5-minute window', async () => {
    const ok = await call<{ code: number }>(t, null, '/api/login', {
      api_access_id: ID,
      from: '1',
      timestamp: TS,
      sign: SIGN,
    });
    assert.equal(ok.code, 0);
    clock.advance(6 * 60 * 1000);
    const stale = await call<{ code: number; msg: string }>(t, null, '/api/login', {
      api_access_id: ID,
      from: 1,
      timestamp: TS,
      sign: SIGN,
    });
    assert.equal(stale.code, 20004);
    assert.match(stale.msg, /5分钟/);
    clock.advance(-6 * 60 * 1000);
  });

  it('rejects a wrong sign and an unknown client type', async () => {
    const bad = await call<{ code: number }>(t, null, '/api/login', {
      api_access_id: ID,
      from: 1,
      timestamp: TS,
      sign: SIGN.replace('0', '1'),
    });
    assert.equal(bad.code, 20004);
    const from = await call<{ code: number }>(t, null, '/api/login', {
      username: 'signer',
      password: 'pass1234',
      from: '7',
    });
    assert.equal(from.code, 20003);
  });

  it('verifies the url anti-hijack string of the reference example', async () => {
    // md5('{"username":"xxx","password":"xxx","from":2}') = 21dbe80df90f3be318cb7afda69b4f78 → url 1dbe80df
    assert.equal(md5Hex('{"username":"xxx","password":"xxx","from":2}'), '21dbe80df90f3be318cb7afda69b4f78');
    const signed = await call<{ code: number }>(t, null, '/api/login', {
      username: 'xxx',
      password: 'xxx',
      from: 2,
      url: '1dbe80df',
    });
    assert.equal(signed.code, 20004, 'url accepted, then the unknown user is refused');
    const wrong = await call<{ code: number }>(t, null, '/api/login', {
      username: 'xxx',
      password: 'xxx',
      from: 2,
      url: 'deadbeef',
    });
    assert.equal(wrong.code, 10001);
    const sorted = JSON.stringify({ from: 2, password: 'xxx', username: 'xxx' });
    const reordered = await call<{ code: number }>(t, null, '/api/login', {
      username: 'xxx',
      password: 'xxx',
      from: 2,
      url: md5Hex(sorted).slice(1, 9),
    });
    assert.equal(reordered.code, 100001);
  });

  it('logs in with user name and password; a wrong password is 20004 with no data key', async () => {
    const good = await call<{ code: number; data: { api_key: string } }>(t, null, '/api/login', {
      username: 'signer',
      password: 'pass1234',
      from: '2',
    });
    assert.equal(good.code, 0);
    const bad = await call<Record<string, unknown>>(t, null, '/api/login', {
      username: 'signer',
      password: 'nope',
      from: '2',
    });
    assert.equal(bad.code, 20004);
    assert.ok(!('data' in bad));
  });

  it('keeps one live key per account and expires keys after 2 hours', async () => {
    const s1 = await newTenant(t, '过期测试');
    assert.equal((await call<{ code: number }>(t, s1, '/api/callTimeList')).code, 0);
    const again = await call<{ data: { api_key: string } }>(t, null, '/api/login', {
      username: s1.user_name,
      password: s1.password,
      from: 2,
    });
    const old = await call<{ code: number }>(t, s1, '/api/callTimeList');
    assert.equal(old.code, 20005, 'the earlier key is invalid after a new login');
    const s2 = { ...s1, api_key: again.data.api_key };
    assert.equal((await call<{ code: number }>(t, s2, '/api/callTimeList')).code, 0);
    clock.advance(2 * 60 * 60 * 1000 + 1000);
    assert.equal((await call<{ code: number }>(t, s2, '/api/callTimeList')).code, 20006);
    clock.advance(-(2 * 60 * 60 * 1000 + 1000));
  });

  it("refuses requests without public params or with another account's user_sn", async () => {
    const s = await newTenant(t, '公共参数');
    assert.equal((await call<{ code: number }>(t, null, '/api/callTimeList')).code, 20005);
    const other = await newTenant(t, '另一个');
    assert.equal(
      (await call<{ code: number }>(t, { api_key: s.api_key, user_sn: other.user_sn }, '/api/callTimeList'))
        .code,
      20005,
    );
  });

  it('stores no password or secret in clear', async () => {
    const rows = await t.app.db.system
      .selectFrom('accounts')
      .select(['password_hash', 'api_access_secret_enc'])
      .execute();
    for (const r of rows) {
      assert.ok(r.password_hash.startsWith('scrypt$'));
      assert.ok(!String(r.api_access_secret_enc).includes(SECRET));
    }
    const keys = await t.app.db.system.selectFrom('api_keys').select('key_hash').execute();
    assert.ok(keys.every((k) => /^[0-9a-f]{64}$/.test(k.key_hash)));
  });
});
