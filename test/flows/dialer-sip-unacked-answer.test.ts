// A far end that re-INVITEs mid-call and never ACKs our 200 (sipp): we resend the 200 and after 64·T1 end the
// call with a BYE. Through the dialer: each call's record says the system ended it on a network fault, with the
// reason in sip_reason; both numbers of the task are dialled in turn, the task's counters add up and no call is
// left open.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { dialSeedRepository } from '../../src/repositories/dial-seed.repository.js';
import { courseScript } from '../../src/robot/index.js';
import { addScript, addTask, recordsOf, taskRow } from '../support/dial-factories.js';
import { SIPP_HOST, startSipp } from '../support/sipp.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

const rtpBase = 47_000 + Math.floor(Math.random() * 100) * 100;
const T1_MS = 100; // 64·T1 = 6.4 s per call

describe('dialer on SIP: a far end that never ACKs our answer to its re-INVITE', async () => {
  const t = await buildTestApp({
    SIP_BIND_ADDRESS: '127.0.0.1',
    RTP_PORT_MIN: String(rtpBase),
    RTP_PORT_MAX: String(rtpBase + 99),
    SIP_T1_MS: String(T1_MS),
  });
  const { app } = t;
  const s = await newTenant(t, 'SIP未确认应答');
  const team = await dialSeedRepository.teamBySn(
    app.db.system,
    (s as typeof s & { team_sn: string }).team_sn,
  );
  assert.ok(team);
  await app.db.tenant(team.team_id, (trx) => dialSeedRepository.callAllDay(trx));
  // The robot waits a minute per silence: only the missing ACK can end these calls soon.
  const patient = { ...courseScript, settings: { ...courseScript.settings, silenceTimeoutMs: 60_000 } };
  const scriptId = await addScript(app.db, team.team_id, patient);
  const sipp = await startSipp('uas-reinvite-never-ack.xml', { calls: 2, timeoutS: 120 });
  after(() => sipp.stop());
  const created = await call<{ code: number; msg: string; data: { line_id: number } }>(
    t,
    s,
    '/ext/lines/create',
    {
      name: '不回ACK的被叫',
      kind: 'sip',
      capacity: 1,
      config: { host: SIPP_HOST, port: sipp.port, callers: ['01088886666'], options_interval_s: 0 },
    },
  );
  assert.equal(created.code, 0, created.msg);
  const task = await addTask(app.db, team.team_id, {
    accountId: team.account_id,
    scriptId,
    lineId: String(created.data.line_id),
    phones: ['13800133001', '13800133002'],
  });

  it('each call ends with our BYE after 64·T1: hangup_by system, the reason on the record, counters intact', async () => {
    app.dialer.start();
    let row = await taskRow(app.db, task.id);
    for (let i = 0; i < 1200 && row.status !== 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = await taskRow(app.db, task.id);
    }
    await app.dialer.stop();
    assert.equal(row.status, 1, 'task finished');
    assert.equal(row.send_count, 2);
    assert.equal(row.success + row.fail, 2);
    assert.equal(app.dialer.activeCalls, 0, 'no call left open');
    const done = await sipp.done;
    assert.equal(done.code, 0, `sipp got both BYEs and answered them: ${done.output}`);
    const records = await recordsOf(app.db, task.id);
    assert.equal(records.length, 2);
    for (const r of records) {
      assert.equal(r.result, 'answered');
      assert.equal(r.hangup_by, 'system');
      assert.equal(r.sip_status, 200);
      assert.match(r.sip_reason ?? '', /no ACK/);
      assert.equal((r.details as { hangupCause?: string }).hangupCause, 'error');
      assert.ok(r.talktimes >= 6, `talked ${r.talktimes} s, not before 64·T1`);
    }
  });
});
