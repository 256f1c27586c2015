// A far end that re-INVITEs mid-call and never ACKs our 200 (sipp): we resend the 200 and after 64·T1 end the
// call with a BYE. Through the dialer: each call's record says the system ended it on a network fault, with the
// reason in sip_reason; both numbers of the task are dialled in turn, the task's counters add up and no call is
// left open.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { courseScript } from '../../src/robot/index.js';
import { addScript, recordsOf } from '../support/dial-factories.js';
import { sipFlowApp, sipLineTo, sipTask, untilTaskFinished } from '../support/sip-flow.js';
import { startSipp } from '../support/sipp.js';

const T1_MS = 100; // 64·T1 = 6.4 s per call

describe('dialer on SIP: a far end that never ACKs our answer to its re-INVITE', async () => {
  const flow = await sipFlowApp('SIP未确认应答', { SIP_T1_MS: String(T1_MS) });
  const { app } = flow;
  // The robot waits a minute per silence: only the missing ACK can end these calls soon.
  const patient = { ...courseScript, settings: { ...courseScript.settings, silenceTimeoutMs: 60_000 } };
  const scriptId = await addScript(app.db, flow.team.team_id, patient);
  const sipp = await startSipp('uas-reinvite-never-ack.xml', { calls: 2, timeoutS: 120 });
  after(() => sipp.stop());
  const lineId = await sipLineTo(flow, sipp, '不回ACK的被叫');
  const task = await sipTask(flow, lineId, scriptId, ['13800133001', '13800133002']);

  it('each call ends with our BYE after 64·T1: hangup_by system, the reason on the record, counters intact', async () => {
    app.dialer.start();
    const row = await untilTaskFinished(app, task.id);
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
