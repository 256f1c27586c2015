// The seven causes of HTTP 500 found by fuzzing, each reproduced: every one must now answer a vendor code.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { multipart } from '../support/multipart.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = { code?: number; msg?: string; rst?: string; total?: number };

const UPLOAD_ROUTES = [
  '/api/importsExcelapi',
  '/ext/scripts/import',
  '/api/addExcelOfAsync',
  '/api/addBatch',
];

describe('hostile input answers a vendor code, never a 500', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '敌意输入');
  const auth = `api_key=${s.api_key}&user_sn=${encodeURIComponent(s.user_sn)}`;

  const post = (url: string, payload: string | Buffer, headers: Record<string, string>) =>
    t.http.inject({ method: 'POST', url, payload, headers });
  const expect20002 = async (url: string, params: Record<string, unknown>, pattern?: RegExp) => {
    const res = await t.http.inject({
      method: 'POST',
      url,
      payload: { api_key: s.api_key, user_sn: s.user_sn, ...params },
    });
    assert.equal(res.statusCode, 200, `${url} ${JSON.stringify(params).slice(0, 80)}: ${res.body}`);
    const body = res.json<Body>();
    assert.equal(
      body.code ?? Number(body.rst),
      20002,
      `${url} ${JSON.stringify(params).slice(0, 80)}: ${res.body}`,
    );
    if (pattern) assert.match(body.msg ?? '', pattern);
  };

  it('1. a parameter nested 5,000 levels deep beside url (anonymous login) → 20002', async () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const res = await post(
      '/api/login',
      `{"from":"2","username":"a","password":"b","x":${deep},"url":"1dbe80df"}`,
      { 'content-type': 'application/json' },
    );
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { code: 20002, msg: '参数嵌套过深(上限32层)' });
    const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const viaString = await call<Body>(t, s, '/ext/lines/create', { name: 'l', config: deepObject });
    assert.deepEqual(viaString, { code: 20002, msg: '参数嵌套过深(上限32层)' });
  });

  it('2. NUL characters in strings that reach PostgreSQL → 20002, nothing written', async () => {
    await expect20002('/api/login', { from: '2', username: 'a\u0000b', password: 'x' }, /NUL/);
    await expect20002(
      '/api/login',
      { from: '1', api_access_id: 'id\u0000', timestamp: '1', sign: 'x' },
      /NUL/,
    );
    await expect20002('/api/doRoleaddapi', { name: '角色\u0000', permission: [100] }, /name: 含有非法字符/);
    await expect20002('/api/crmList', { phone: '139\\u00000' }, /NUL/);
    const query = await t.http.inject({ method: 'GET', url: `/api/roleGetapi?${auth}&name=%00` });
    assert.equal(query.json<Body>().code, 20002);
    const roles = await t.app.db.system.selectFrom('roles').select('name').execute();
    assert.ok(roles.every((r) => !r.name.includes('\u0000')));
  });

  it('3. integer filters beyond their column → 20002 naming the field', async () => {
    const huge = '99999999999';
    await expect20002('/api/templatelist', { voice_break: 40000 }, /voice_break/);
    for (const field of [
      'talktimes_min',
      'talktimes_max',
      'score_min',
      'score_max',
      'turn_count_min',
      'turn_count_max',
      'asks_count_min',
      'asks_count_max',
    ]) {
      await expect20002('/api/crmList', { [field]: huge }, new RegExp(field));
    }
    await expect20002('/api/crmList', { hangup_serial_number: huge });
    await expect20002('/api/getDetailsList', { dial_task_main_sn: 'x', status: 40000 }, /status/);
    await expect20002(
      '/api/skillGroupSaveapi',
      { skillgroup_name: 'g', group_record: 40000 },
      /group_record/,
    );
    await expect20002('/api/skillGroupSaveapi', { skillgroup_name: 'g', percentage: huge }, /percentage/);
    await expect20002('/ext/lines/create', { name: 'l', capacity: huge }, /capacity/);
    await expect20002('/ext/lines/create', { name: 'l', cps: 1e12 }, /cps/);
    await expect20002('/ext/push/events', { cursor: '99999999999999999999' });
    await expect20002('/ext/push/retry', { base_seconds: 1e300 });
    await expect20002('/ext/push/retry', { min_attempts: huge });
    assert.equal(
      (await t.app.db.system.selectFrom('skill_groups').select('id').execute()).length,
      0,
      'no skill group half-written',
    );
  });

  it('4. a huge pageIndex → 20002; the deepest allowed page answers an empty list', async () => {
    for (const url of ['/api/index', '/api/crmList']) {
      await expect20002(url, { pageIndex: '99999999999999999999' }, /pageIndex/);
      await expect20002(url, { pageIndex: 1e15 }, /pageIndex/);
      const deepest = await call<Body>(t, s, url, { pageIndex: 1_000_000, pageSize: 10_000 });
      assert.notEqual(deepest.code, 20002, JSON.stringify(deepest));
    }
  });

  it('5. malformed multipart bodies on every upload route → a vendor code', async () => {
    const good = multipart({ name: 'x' }, [
      { field: 'upload', filename: 'a.csv', content: Buffer.from('a\n') },
    ]);
    const boundary = good.headers['content-type']!.split('boundary=')[1]!;
    const cases: [string, Buffer, string][] = [
      ['no boundary', good.payload, 'multipart/form-data'],
      ['wrong boundary', good.payload, 'multipart/form-data; boundary=nottheboundary'],
      ['truncated', good.payload.subarray(0, good.payload.length - 30), good.headers['content-type']!],
      ['garbage', Buffer.from(`--${boundary}\r\nxx`), good.headers['content-type']!],
    ];
    for (const url of UPLOAD_ROUTES) {
      for (const [what, payload, type] of cases) {
        for (const query of ['', `?${auth}`]) {
          const res = await post(`${url}${query}`, payload, { 'content-type': type });
          assert.equal(res.statusCode, 200, `${url} ${what} ${query ? 'auth' : 'anon'}: ${res.body}`);
          const body = res.json<Body>();
          const code = body.code ?? Number(body.rst);
          assert.ok([20002, 20005, 30001].includes(code), `${url} ${what}: ${res.body}`);
          if (query && what !== 'wrong boundary') {
            assert.match(body.msg ?? '', /multipart|为空/, `${url} ${what}`);
          }
        }
      }
    }
  });

  it('6. more than 5 files or 200 fields → 413 with a clear message', async () => {
    const file = (i: number) => ({ field: `f${i}`, filename: `${i}.csv`, content: Buffer.from('a\n') });
    const files = multipart({}, [1, 2, 3, 4, 5, 6].map(file));
    const fields = multipart(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, 'v'])));
    for (const url of UPLOAD_ROUTES) {
      const tooManyFiles = await post(`${url}?${auth}`, files.payload, files.headers);
      assert.equal(tooManyFiles.statusCode, 413, tooManyFiles.body);
      assert.deepEqual(tooManyFiles.json(), { code: 20002, msg: '上传文件数超过上限(5个)' });
      const tooManyFields = await post(`${url}?${auth}`, fields.payload, fields.headers);
      assert.equal(tooManyFields.statusCode, 413, tooManyFields.body);
      assert.deepEqual(tooManyFields.json(), { code: 20002, msg: '表单字段数超过上限(200个)' });
    }
  });

  it('7. /docs/static/.. and other dot segments → 404 over a real socket', async () => {
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.http.server.address() as { port: number }).port;
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          })
          .on('error', reject);
      });
    for (const path of [
      '/docs/static/..',
      '/docs/static/../',
      '/docs/static/%2e%2e',
      '/docs/static/..%2f..%2fpackage.json',
      '/docs/static/.',
      '/api/../docs',
    ]) {
      const res = await get(path);
      assert.equal(res.status, 404, `${path}: ${res.status} ${res.body.slice(0, 100)}`);
      assert.equal((JSON.parse(res.body) as Body).code, 20001);
    }
    assert.equal((await get('/docs/json')).status, 200);
  });

  it('over-long headers answer 431 with 20002; a refused body leaves its keep-alive socket usable', async () => {
    const port = (t.http.server.address() as { port: number }).port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body?: Buffer) =>
      new Promise<{ status: number; connection: string; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                connection: String(res.headers.connection),
                body: text,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const long = await send(`/api/login?x=${'a'.repeat(20_000)}`);
    assert.equal(long.status, 431);
    assert.equal(long.connection, 'close');
    assert.deepEqual(JSON.parse(long.body), {
      code: 20002,
      msg: '请求头过大(含查询串),上限16KB: 参数较多时请放在请求体中发送',
    });
    // 1.2 MB anonymous: refused by its declared length, its rest discarded, the same socket answers next.
    const refused = await send('/api/login', Buffer.from(`{"pad":"${'x'.repeat(1_200_000)}"}`));
    assert.equal(refused.status, 413);
    assert.equal(refused.connection, 'keep-alive');
    const next = await send('/api/login', Buffer.from('{"from":"2","username":"nobody","password":"x"}'));
    assert.equal((JSON.parse(next.body) as Body).code, 20004);
    agent.destroy();
  });
});
