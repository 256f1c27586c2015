// A callee who never hangs up (sipp answers, echoes our RTP and waits for a BYE forever) and a robot that
// waits long for a reply: the talk-time limit (MAX_TALK_S) ends the call from our side with a BYE; the record
// says the system hung up and carries the limit; the dialer, the line and the task's counters are intact.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { dialSeedRepository } from '../../src/repositories/dial-seed.repository.js';
import { courseScript } from '../../src/robot/index.js';
import { addScript, addTask, recordsOf, taskRow } from '../support/dial-factories.js';
import { SIPP_HOST, startSipp } from '../support/sipp.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

const rtpBase = 46_000 + Math.floor(Math.random() * 100) * 100;
const MAX_TALK_S = 3;

describe('dialer on SIP: a far end that never sends BYE is ended by the talk-time limit', async () => {
  const t = await buildTestApp({
    SIP_BIND_ADDRESS: '127.0.0.1',
    RTP_PORT_MIN: String(rtpBase),
    RTP_PORT_MAX: String(rtpBase + 99),
    MAX_TALK_S: String(MAX_TALK_S),
  });
  const { app } = t;
  const s = await newTenant(t, 'SIP通话上限');
  const team = await dialSeedRepository.teamBySn(
    app.db.system,
    (s as typeof s & { team_sn: string }).team_sn,
  );
  assert.ok(team);
  await app.db.tenant(team.team_id, (trx) => dialSeedRepository.callAllDay(trx));
  // The robot would wait a minute per silence: only the limit can end this call soon.
  const patient = { ...courseScript, settings: { ...courseScript.settings, silenceTimeoutMs: 60_000 } };
  const scriptId = await addScript(app.db, team.team_id, patient);
  const sipp = await startSipp('uas-answer-echo-then-bye.xml', { rtpEcho: true, timeoutS: 120 });
  after(() => sipp.stop());
  const created = await call<{ code: number; msg: string; data: { line_id: number } }>(
    t,
    s,
    '/ext/lines/create',
    {
      name: '不挂机的被叫',
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
    phones: ['13800132001'],
  });

  it('the call is hung up by us at the limit: BYE sent (sipp saw it), hangup_by system, limit on the record', async () => {
    app.dialer.start();
    let row = await taskRow(app.db, task.id);
    for (let i = 0; i < 1200 && row.status !== 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = await taskRow(app.db, task.id);
    }
    await app.dialer.stop();
    assert.equal(row.status, 1, 'task finished');
    assert.equal(row.send_count, 1);
    assert.equal(row.success + row.fail, 1);
    assert.equal(app.dialer.activeCalls, 0, 'no call left open');
    const done = await sipp.done;
    assert.equal(done.code, 0, `sipp got our BYE and answered it: ${done.output}`);
    const [r] = await recordsOf(app.db, task.id);
    assert.ok(r);
    assert.equal(r.result, 'answered');
    assert.equal(r.hangup_by, 'system');
    const details = r.details as { talkLimitMs?: number; hangupCause?: string; endReason?: string };
    assert.equal(details.talkLimitMs, MAX_TALK_S * 1000);
    assert.equal(details.hangupCause, 'system', 'the robot did not end this call');
    assert.equal(details.endReason, 'systemHangup');
    assert.ok(r.talktimes >= MAX_TALK_S, `talked ${r.talktimes} s`);
    assert.equal(r.sip_status, 200);
  });
});
