import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, call, newTenant } from '../support/test-app.js';
import { SIPP_HOST, startSipp } from '../support/sipp.js';

type Body<T = Record<string, unknown>> = { code: number; msg: string; data: T; problems?: string[] };

describe('ext lines API: SIP lines as data', async () => {
  const t = await buildTestApp({});
  const s = await newTenant(t, 'SIP线路');

  it('refuses bad host, port, transport, codec and caller numbers, listing each problem', async () => {
    const bad = await call<Body>(t, s, '/ext/lines/create', {
      name: '坏SIP',
      kind: 'sip',
      config: { host: 'bad host!', port: 70000, transport: 'sctp', codecs: ['G729'], callers: ['abc'] },
    });
    assert.equal(bad.code, 20002);
    assert.match(bad.msg, /^SIP线路配置错误: /);
    const fields = (bad.problems ?? []).map((p) => p.split(':')[0]);
    for (const f of ['host', 'port', 'transport', 'codecs.0', 'callers.0']) {
      assert.ok(fields.includes(f), `${f} in ${fields.join(',')}`);
    }
  });

  it('seals the password, never returns it, keeps it on an update without one, and 拨打测试 reports the SIP result', async () => {
    const sipp = await startSipp('uas-busy-486.xml');
    const created = await call<Body<{ line_id: number; config: Record<string, unknown> }>>(
      t,
      s,
      '/ext/lines/create',
      {
        name: '中继A',
        kind: 'sip',
        capacity: 2,
        config: {
          host: SIPP_HOST,
          port: sipp.port,
          username: '4001',
          password: 's3cret-pw',
          callers: ['01088886666'],
          options_interval_s: 0,
        },
      },
    );
    assert.equal(created.code, 0, created.msg);
    assert.equal(created.data.config.password, '******');
    const row = await t.app.db.system
      .selectFrom('lines')
      .select('config')
      .where('id', '=', String(created.data.line_id))
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(row.config);
    assert.ok(!stored.includes('s3cret-pw'), 'stored sealed');
    assert.match(String(row.config.password), /^sealed:/);
    const updated = await call<Body<{ config: Record<string, unknown> }>>(t, s, '/ext/lines/update', {
      line_id: String(created.data.line_id),
      config: {
        host: SIPP_HOST,
        port: sipp.port,
        username: '4001',
        password: '******',
        options_interval_s: 0,
      },
    });
    assert.equal(updated.code, 0, updated.msg);
    const after = await t.app.db.system
      .selectFrom('lines')
      .select('config')
      .where('id', '=', String(created.data.line_id))
      .executeTakeFirstOrThrow();
    assert.equal(after.config.password, row.config.password);

    const tested = await call<Body<Record<string, unknown>>>(t, s, '/ext/lines/testCall', {
      line_id: String(created.data.line_id),
      phone: '13800138000',
    });
    assert.equal(tested.code, 0, tested.msg);
    assert.deepEqual(
      [tested.data.result, tested.data.result_name, tested.data.sip_status, tested.data.sip_reason],
      ['busy', '用户正忙', 486, 'Busy Here'],
    );
    assert.equal((await sipp.done).code, 0);
    const badPhone = await call<Body>(t, s, '/ext/lines/testCall', {
      line_id: String(created.data.line_id),
      phone: 'x',
    });
    assert.equal(badPhone.code, 20002);
  });
});
