import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = { code: number; msg?: string; data?: Record<string, unknown> };

describe('9.1 setCallback and GET /config', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '回调测试');

  it('9.1 stores the callback URLs (GET with query parameters works too)', async () => {
    const res = await call<Body>(t, s, '/api/setCallback', {
      open_callback: '1',
      callback_url: 'http://127.0.0.1:9/api/crm',
      task_callback_url: 'https://example.invalid/import',
    });
    assert.deepEqual(res, { code: 0, msg: 'SUCCESS' });
    const viaGet = await t.http.inject({
      method: 'GET',
      url: '/api/setCallback',
      query: {
        api_key: s.api_key,
        user_sn: s.user_sn,
        open_callback: '0',
        callback_url: 'http://127.0.0.1:9/x',
      },
    });
    assert.equal(viaGet.json<Body>().code, 0);
    const team = await t.app.db.system
      .selectFrom('teams')
      .select(['open_callback', 'callback_url', 'task_callback_url'])
      .where(
        'sn',
        '=',
        (
          await t.app.db.system
            .selectFrom('teams')
            .select('sn')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).sn,
      )
      .executeTakeFirstOrThrow();
    assert.deepEqual(team, {
      open_callback: 0,
      callback_url: 'http://127.0.0.1:9/x',
      task_callback_url: 'https://example.invalid/import',
    });
  });

  it('9.1 refuses non-http schemes, credentials in the URL and a bad open_callback', async () => {
    for (const callback_url of ['ftp://x/y', 'javascript:alert(1)', 'http://user:pw@host/x', 'not a url']) {
      const res = await call<Body>(t, s, '/api/setCallback', { open_callback: 1, callback_url });
      assert.equal(res.code, 20002, callback_url);
    }
    assert.equal(
      (await call<Body>(t, s, '/api/setCallback', { open_callback: 3, callback_url: 'http://a/b' })).code,
      20002,
    );
    assert.equal((await call<Body>(t, s, '/api/setCallback', { open_callback: 1 })).code, 20002);
  });

  it('GET /config returns the end-reason enumeration without authentication', async () => {
    const res = (await t.http.inject({ method: 'GET', url: '/config' })).json<{
      code: number;
      msg: string;
      data: { enum: Record<string, { name: string; value: string }[]> };
    }>();
    assert.equal(res.code, 0);
    assert.equal(res.msg, '成功');
    const reasons = res.data.enum.virtual_extension_endreason_enum!.map((e) => e.value);
    for (const r of ['关机', '空号', '停机', '用户拒接', '无人应答']) assert.ok(reasons.includes(r), r);
  });
});
