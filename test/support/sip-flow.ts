// The dialer over real SIP in a flow test: the app with SIP and RTP on loopback, a tenant that may call all day,
// a SIP line (through the extended lines API) to a sipp, and tasks on it.
import assert from 'node:assert/strict';
import type { App } from '../../src/app/build.js';
import { dialSeedRepository } from '../../src/repositories/dial-seed.repository.js';
import { addTask, taskRow } from './dial-factories.js';
import { SIPP_HOST, type SippRun } from './sipp.js';
import { buildTestApp, call, newTenant, type Session, type TestApp } from './test-app.js';

export interface SipFlow {
  readonly t: TestApp;
  readonly app: App;
  readonly s: Session;
  readonly team: { team_id: string; account_id: string };
}

/** The app (SIP bound to 127.0.0.1, `rtpPorts` ports from a random base) and a tenant calling all day. */
export async function sipFlowApp(
  tenantName: string,
  env: Record<string, string> = {},
  rtpPorts = 100,
): Promise<SipFlow> {
  const rtpBase = 40_000 + Math.floor(Math.random() * 100) * 200;
  const t = await buildTestApp({
    SIP_BIND_ADDRESS: '127.0.0.1',
    RTP_PORT_MIN: String(rtpBase),
    RTP_PORT_MAX: String(rtpBase + rtpPorts - 1),
    ...env,
  });
  const s = await newTenant(t, tenantName);
  const team = await dialSeedRepository.teamBySn(
    t.app.db.system,
    (s as typeof s & { team_sn: string }).team_sn,
  );
  assert.ok(team);
  await t.app.db.tenant(team.team_id, (trx) => dialSeedRepository.callAllDay(trx));
  return { t, app: t.app, s, team };
}

/** A SIP line to `sipp` created through the extended lines API (no OPTIONS checks); returns its id. */
export async function sipLineTo(flow: SipFlow, sipp: SippRun, name: string, capacity = 1): Promise<string> {
  const created = await call<{ code: number; msg: string; data: { line_id: number } }>(
    flow.t,
    flow.s,
    '/ext/lines/create',
    {
      name,
      kind: 'sip',
      capacity,
      config: { host: SIPP_HOST, port: sipp.port, callers: ['01088886666'], options_interval_s: 0 },
    },
  );
  assert.equal(created.code, 0, created.msg);
  return String(created.data.line_id);
}

/** A task of `phones` with `scriptId` on `lineId`. */
export function sipTask(flow: SipFlow, lineId: string, scriptId: string, phones: string[]) {
  return addTask(flow.app.db, flow.team.team_id, {
    accountId: flow.team.account_id,
    scriptId,
    lineId,
    phones,
  });
}

/** Polls the task until it has finished (status 1) or `ms` have passed; returns its last row. */
export async function untilTaskFinished(app: App, taskId: string, ms = 120_000) {
  let row = await taskRow(app.db, taskId);
  for (const until = Date.now() + ms; row.status !== 1 && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 100));
    row = await taskRow(app.db, taskId);
  }
  return row;
}
