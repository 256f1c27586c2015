import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { dialSeedRepository } from '../../src/repositories/dial-seed.repository.js';
import { addScript, addTask, drive, phones } from '../support/dial-factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body<T = Record<string, unknown>> = { code: number; msg: string; data: T; problems?: string[] };
interface LineJson {
  line_id: number;
  name: string;
  kind: string;
  capacity: number;
  cps: number;
  status: string;
  status_reason: string;
  is_default: number;
  sandbox: number;
  active: number;
}

describe('ext: lines and live dialer state', async () => {
  const clock = new VirtualClock(new Date('2025-01-06T02:00:00Z'));
  const t = await buildTestApp({}, clock);
  const s = await newTenant(t, '线路测试');
  const { team_sn } = await t.app.db.system
    .selectFrom('accounts')
    .innerJoin('teams', 'teams.id', 'accounts.team_id')
    .select('teams.sn as team_sn')
    .where('accounts.sn', '=', s.user_sn)
    .executeTakeFirstOrThrow();
  const team = await dialSeedRepository.teamBySn(t.app.db.system, team_sn);
  assert.ok(team);
  await t.app.db.tenant(team.team_id, (trx) => dialSeedRepository.callAllDay(trx));
  const list = async () =>
    (await call<Body<{ total: number; list: LineJson[] }>>(t, s, '/ext/lines/list')).data;

  it('every new tenant starts with one clearly labelled sandbox line on the simulator', async () => {
    const { total, list: lines } = await list();
    assert.equal(total, 1);
    const [sandbox] = lines;
    assert.equal(sandbox?.kind, 'simulator');
    assert.equal(sandbox?.sandbox, 1);
    assert.equal(sandbox?.is_default, 1);
    assert.match(sandbox?.name ?? '', /沙箱.*模拟器.*不拨打真实电话/);
  });

  it('creates lines after validating the simulator config, listing every problem', async () => {
    const bad = await call<Body>(t, s, '/ext/lines/create', {
      name: '坏配置',
      config: { outcomes: { answered: -1 }, capacity: 'x' },
    });
    assert.equal(bad.code, 20002);
    assert.match(bad.msg, /^模拟线路配置错误: /);
    assert.ok((bad.problems ?? []).length >= 2);
    const sip = await call<Body>(t, s, '/ext/lines/create', { name: 'SIP', kind: 'sip' });
    assert.equal(sip.code, 20002);
    assert.match(sip.msg, /^SIP线路配置错误: host/);
    const noName = await call<Body>(t, s, '/ext/lines/create', { name: ' ' });
    assert.equal(noName.code, 20002);
    const ok = await call<Body<LineJson>>(t, s, '/ext/lines/create', {
      name: '演示线路',
      capacity: '8',
      cps: '2',
      config: JSON.stringify({ seed: 'api', outcomes: { answered: 1 } }),
      is_default: 1,
    });
    assert.equal(ok.code, 0);
    assert.equal(ok.msg, '创建成功');
    assert.deepEqual([ok.data.capacity, ok.data.cps, ok.data.is_default, ok.data.status], [8, 2, 1, 'up']);
    const { list: lines } = await list();
    assert.deepEqual(
      lines.map((l) => [l.name, l.is_default]),
      [
        ['演示线路', 1],
        [lines[1]?.name, 0],
      ],
    );
  });

  it('updates a line and sets it down and up again', async () => {
    const { list: lines } = await list();
    const id = lines[0]?.line_id;
    const upd = await call<Body<LineJson>>(t, s, '/ext/lines/update', { line_id: id, capacity: 12, cps: 0 });
    assert.deepEqual([upd.code, upd.data.capacity, upd.data.cps], [0, 12, 0]);
    const kind = await call<Body>(t, s, '/ext/lines/update', { line_id: id, kind: 'sip' });
    assert.equal(kind.code, 20002);
    const missing = await call<Body>(t, s, '/ext/lines/update', { line_id: 999999, capacity: 1 });
    assert.equal(missing.code, 40004);
    const down = await call<Body<LineJson>>(t, s, '/ext/lines/setStatus', {
      line_id: id,
      status: 'down',
      reason: '演示',
    });
    assert.deepEqual([down.data.status, down.data.status_reason], ['down', '演示']);
    const up = await call<Body<LineJson>>(t, s, '/ext/lines/setStatus', { line_id: id, status: 'up' });
    assert.deepEqual([up.data.status, up.data.status_reason], ['up', '']);
  });

  it('shows calls in progress per task and line, CPS and queue depth, as JSON and as a stream', async () => {
    const idle = await call<Body<{ active: number; tasks: unknown[] }>>(t, s, '/ext/dialer/snapshot');
    assert.equal(idle.code, 0);
    assert.deepEqual([idle.data.active, idle.data.tasks], [0, []]);

    const task = await addTask(t.app.db, team.team_id, {
      accountId: team.account_id,
      scriptId: await addScript(t.app.db, team.team_id),
      phones: phones(30),
    });
    t.app.dialer.start();
    await drive(clock, t.app.dialer, 6_000, 200);
    const snap = await call<
      Body<{
        active: number;
        cps: number;
        queued: number;
        tasks: { dial_task_main_sn: string; active: number; state: string; waiting: number }[];
        lines: { name: string; active: number; capacity: number }[];
      }>
    >(t, s, '/ext/dialer/snapshot');
    assert.equal(snap.data.tasks[0]?.dial_task_main_sn, task.sn);
    assert.ok(snap.data.active > 0 && snap.data.active <= 10, `active ${snap.data.active}`);
    assert.equal(snap.data.tasks[0]?.active, snap.data.active);
    assert.ok(snap.data.queued > 0 && snap.data.queued <= 30, 'queue depth (re-counted every few seconds)');
    const line = snap.data.lines.find((l) => l.name === '演示线路');
    assert.equal(line?.active, snap.data.active);

    const stream = t.http.inject({
      method: 'GET',
      url: '/ext/dialer/live',
      query: { api_key: s.api_key, user_sn: s.user_sn, limit: '2' },
    });
    await drive(clock, t.app.dialer, 2_000, 200);
    const res = await stream;
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    const events = res.body.split('\n\n').filter((e) => e.startsWith('event: snapshot'));
    assert.equal(events.length, 2);
    const data = JSON.parse(events[1]?.split('\ndata: ')[1] ?? '{}') as { tasks: unknown[] };
    assert.equal(data.tasks.length, 1);
    await t.app.dialer.stop();
  });

  it('a live view opened by POST with a body stops when its client goes away', async () => {
    await t.http.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.http.server.address() as AddressInfo;
    const tenant = await t.app.services.auth.authenticate(s.api_key, s.user_sn, '127.0.0.1');
    const body = JSON.stringify({ api_key: s.api_key, user_sn: s.user_sn });
    const firstEvent = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/ext/dialer/live' }, (res) =>
        res.once('data', (chunk: Buffer) => {
          resolve(chunk.toString('utf8'));
          req.destroy();
        }),
      );
      req.on('error', reject);
      req.setHeader('content-type', 'application/json');
      req.end(body);
    });
    assert.match(firstEvent, /^event: snapshot/);
    while (t.app.services.dialerLive.subscribers(tenant) > 0) await delay(20);
    assert.equal(t.app.services.dialerLive.subscribers(tenant), 0);
  });

  it('refuses the live view without credentials', async () => {
    const res = await t.http.inject({ method: 'GET', url: '/ext/dialer/live' });
    assert.equal(res.json<Body>().code, 20005);
  });
});
