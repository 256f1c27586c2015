import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = Record<string, unknown> & { code?: number; msg?: string };

describe('bad input never yields a 500 or a stack trace', async () => {
  const t = await buildTestApp({ MAX_BODY_BYTES: String(64 * 1024) });
  const s = await newTenant(t, '坏输入');

  const raw = (
    payload: string,
    contentType = 'application/json;charset=utf-8;',
    url = '/api/aiUserDatasapi',
  ) => t.http.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });

  it('malformed JSON → 20002 with a clear message', async () => {
    const res = await raw('{"api_key": ');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { code: 20002, msg: 'JSON格式错误,无法解析请求体' });
  });

  it('a JSON array or scalar body → 20002', async () => {
    assert.equal((await raw('[1,2]')).json<Body>().code, 20002);
    assert.equal((await raw('"x"', 'application/json')).json<Body>().code, 20002);
  });

  it('an oversized body → 413 with a vendor-shaped body', async () => {
    const res = await raw(
      JSON.stringify({ api_key: s.api_key, user_sn: s.user_sn, pad: 'x'.repeat(70 * 1024) }),
    );
    assert.equal(res.statusCode, 413);
    assert.equal(res.json<Body>().code, 20002);
  });

  it('wrong types → 20002 naming the field; no row is written', async () => {
    const res = await call<Body>(t, s, '/api/aiUserSaveapi', {
      user_name: 'ok_name',
      contact: 'x',
      password: 'secret12',
      re_password: 'secret12',
      max_call_count: 'many',
    });
    assert.equal(res.code, 20002);
    assert.match(res.msg!, /max_call_count/);
    assert.equal((await call<Body>(t, s, '/api/aiUserDatasapi')).total, 0);
    const paging = await call<Body>(t, s, '/api/aiUserDatasapi', { pageIndex: -1 });
    assert.equal(paging.code, 20002);
  });

  it('form-encoded bodies with PHP keys and JSON-less content types are understood', async () => {
    const form = await raw(
      `api_key=${s.api_key}&user_sn=${encodeURIComponent(s.user_sn)}&name=%E8%A1%A8&permission%5B%5D=100&permission%5B%5D=101`,
      'application/x-www-form-urlencoded',
      '/api/doRoleaddapi',
    );
    assert.equal(form.json<Body>().code, 0);
    const plain = await raw(
      JSON.stringify({ api_key: s.api_key, user_sn: s.user_sn }),
      'text/plain',
      '/api/callTimeList',
    );
    assert.equal(plain.json<Body>().code, 0);
  });

  it('unknown paths → 404 with a vendor-shaped body; unexpected errors hide their stack', async () => {
    const res = await t.http.inject({ method: 'POST', url: '/api/noSuchThing', payload: {} });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json<Body>().code, 20001);
    assert.ok(!res.body.includes('at '));
  });

  it('strict mode requires the url string', async () => {
    const strict = await buildTestApp({ STRICT_URL_CHECK: 'true' });
    const st = await newTenant(strict, '严格');
    assert.equal((await call<Body>(strict, st, '/api/callTimeList')).code, 10001);
  });
});
