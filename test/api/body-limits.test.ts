// Bodies are read only as far as the caller has earned: anonymous uploads never reach the disk, anonymous
// bodies stop at ANON_MAX_BODY_BYTES, authenticated ones may be as large as MAX_BODY_BYTES.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { multipart } from '../support/multipart.js';
import { buildTestApp, newTenant } from '../support/test-app.js';

type Body = { code?: number; msg?: string };

describe('authenticate before reading big bodies', async () => {
  const t = await buildTestApp({
    ANON_MAX_BODY_BYTES: String(64 * 1024),
    MAX_BODY_BYTES: String(8 * 1024 * 1024),
  });
  const s = await newTenant(t, '大请求');
  const pad = 'x'.repeat(256 * 1024);
  const json = (payload: unknown, url = '/api/callTimeList') =>
    t.http.inject({
      method: 'POST',
      url,
      payload: JSON.stringify(payload),
      headers: { 'content-type': 'application/json' },
    });

  it('an anonymous upload is refused before its file is written', async () => {
    const upload = multipart({ name: 'x' }, [
      { field: 'upload', filename: 'big.csv', content: Buffer.alloc(4 * 1024 * 1024, 0x31) },
    ]);
    const res = await t.http.inject({ method: 'POST', url: '/api/importsExcelapi', ...upload });
    assert.equal(res.json<Body>().code, 20005);
    const tmp = path.join(t.dataDir, 'uploads', 'tmp');
    assert.deepEqual(existsSync(tmp) ? readdirSync(tmp) : [], []);
  });

  it('anonymous bodies stop at the anonymous cap; credentials first or in the query lift it', async () => {
    const anonymous = await json({ pad });
    assert.equal(anonymous.statusCode, 413);
    assert.match(anonymous.json<Body>().msg!, /未认证的请求体上限/);
    const wrongKey = await json({ api_key: 'AAAAAAAA', user_sn: s.user_sn, pad });
    assert.equal(wrongKey.statusCode, 413);
    const keyFirst = await json({ api_key: s.api_key, user_sn: s.user_sn, pad });
    assert.equal(keyFirst.statusCode, 200);
    assert.equal(keyFirst.json<Body>().code, 0);
    const inQuery = await t.http.inject({
      method: 'POST',
      url: `/api/callTimeList?api_key=${s.api_key}&user_sn=${encodeURIComponent(s.user_sn)}`,
      payload: JSON.stringify({ pad }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(inQuery.json<Body>().code, 0);
    const small = await json({ from: '2', username: 'nobody', password: 'x' }, '/api/login');
    assert.equal(small.json<Body>().code, 20004);
  });
});
