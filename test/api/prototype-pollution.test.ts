import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phpKeys } from '../../src/http/pipeline/coerce.js';
import { multipart } from '../support/multipart.js';
import { buildTestApp, call, newTenant, type Session } from '../support/test-app.js';

type Body = { code?: number; msg?: string; data?: Record<string, unknown> };

// The three prototype spellings a parameter name can take, as PHP-style keys and as nested JSON.
const KEY_ATTACKS = [
  '__proto__[url]',
  'constructor[prototype]',
  'prototype[url]',
  '__proto__',
  'constructor',
];
const JSON_ATTACKS = [
  '{"__proto__":{"url":"x"}}',
  '{"__proto__[url]":"x"}',
  '{"constructor":{"prototype":{"url":"x"}}}',
  '{"prototype":{"url":"x"}}',
  '{"from":"2","username":"a","password":"b","data":{"x":{"__proto__":{"url":"x"}}}}',
];
const TARGETS = ['/config', '/api/login', '/api/callTimeList'];

describe('request input cannot reach a shared prototype', async () => {
  const t = await buildTestApp();
  const tenants: Session[] = [await newTenant(t, '租户甲'), await newTenant(t, '租户乙')];

  const assertRefused = (res: { statusCode: number; body: string }, what: string) => {
    assert.equal(res.statusCode, 200, `${what}: ${res.body}`);
    const body = JSON.parse(res.body) as Body;
    assert.equal(body.code, 20002, `${what}: ${res.body}`);
    assert.match(body.msg ?? '', /参数名不允许: (__proto__|constructor|prototype)/, what);
  };

  it('folding PHP keys yields objects without a prototype and refuses prototype segments', () => {
    const out = phpKeys({ 'a[]': 1, 'd[name]': 'x', b: 2 });
    assert.equal(Object.getPrototypeOf(out), null);
    assert.equal(Object.getPrototypeOf(out.d), null);
    assert.deepEqual({ ...out, d: { ...(out.d as object) } }, { a: [1], d: { name: 'x' }, b: 2 });
    for (const key of KEY_ATTACKS) assert.throws(() => phpKeys({ [key]: 'x' }), /参数名不允许/);
    assert.throws(() => phpKeys({ 'data[__proto__]': 'x' }), /参数名不允许/);
  });

  it('anonymous query strings, JSON bodies, form bodies and multipart fields are refused with 20002', async () => {
    for (const url of TARGETS) {
      for (const key of KEY_ATTACKS) {
        const q = `${encodeURIComponent(key)}=x&${encodeURIComponent(key.replace('[', '[]['))}=y`;
        assertRefused(await t.http.inject({ method: 'GET', url: `${url}?${q}` }), `query ${url} ${key}`);
        assertRefused(
          await t.http.inject({
            method: 'POST',
            url,
            payload: `${encodeURIComponent(key)}=x`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
          `form ${url} ${key}`,
        );
      }
      for (const json of JSON_ATTACKS) {
        assertRefused(
          await t.http.inject({
            method: 'POST',
            url,
            payload: json,
            headers: { 'content-type': 'application/json' },
          }),
          `json ${url} ${json}`,
        );
      }
    }
    const s = tenants[0]!;
    const query = `api_key=${s.api_key}&user_sn=${encodeURIComponent(s.user_sn)}`;
    const csv = { filename: 'a.csv', content: Buffer.from('电话\n13900000000\n') };
    for (const key of [...KEY_ATTACKS, 'a[prototype]']) {
      // As a field name and as the field name of a file, before and after the credentials.
      for (const upload of [
        multipart({ [key]: 'x' }, [{ field: 'file', ...csv }]),
        multipart({}, [{ field: key, ...csv }]),
      ]) {
        const anonymous = await t.http.inject({ method: 'POST', url: '/api/importsExcelapi', ...upload });
        if (key === '__proto__' || key === 'constructor') {
          // The upload parser drops an inherited name and reports it at the end of the body; an anonymous upload
          // is refused for its missing credentials before that.
          assert.ok([20002, 20005].includes(anonymous.json<Body>().code!), anonymous.body);
        } else {
          assertRefused(anonymous, `anonymous multipart ${key}`);
        }
        assertRefused(
          await t.http.inject({ method: 'POST', url: `/api/importsExcelapi?${query}`, ...upload }),
          `multipart ${key}`,
        );
      }
    }
    // JSON-valued parameters are decoded with the same guard.
    const nested = await call<Body>(t, tenants[0]!, '/ext/lines/create', {
      name: 'l',
      config: '{"__proto__":{"url":"x"}}',
    });
    assert.equal(nested.code, 20002);
    assert.match(nested.msg ?? '', /参数名不允许: __proto__/);
  });

  it('afterwards nothing shared carries the attacker values, and every tenant logs in and calls the API', async () => {
    assert.equal(({} as Record<string, unknown>).url, undefined);
    assert.deepEqual(Object.keys(Object.prototype), []);
    assert.equal((await t.http.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    for (const s of tenants) {
      // Keys issued before the attack still work …
      assert.equal((await call<Body>(t, s, '/api/callTimeList')).code, 0, s.user_name);
      // … and both login forms still work.
      const byPassword = await call<Body>(t, null, '/api/login', {
        username: s.user_name,
        password: s.password,
        from: '2',
      });
      assert.equal(byPassword.code, 0, JSON.stringify(byPassword));
      const fresh = { api_key: String(byPassword.data!.api_key), user_sn: s.user_sn };
      assert.equal((await call<Body>(t, fresh, '/api/aiUserDatasapi')).code, undefined); // bare {total,data}
      assert.equal((await call<Body>(t, fresh, '/api/callTimeList')).code, 0);
    }
  });

  it('/healthz reports a modified shared prototype as unavailable', async () => {
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      assert.equal((await t.http.inject({ method: 'GET', url: '/healthz' })).statusCode, 503);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    assert.equal((await t.http.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});
