// A callee who never hangs up (sipp answers, echoes our RTP and waits for a BYE forever) and a robot that
// waits long for a reply: the talk-time limit (MAX_TALK_S) ends the call from our side with a BYE; the record
// says the system hung up and carries the limit; the dialer, the line and the task's counters are intact.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { courseScript } from '../../src/robot/index.js';
import { addScript, recordsOf } from '../support/dial-factories.js';
import { sipFlowApp, sipLineTo, sipTask, untilTaskFinished } from '../support/sip-flow.js';
import { startSipp } from '../support/sipp.js';

const MAX_TALK_S = 3;

describe('dialer on SIP: a far end that never sends BYE is ended by the talk-time limit', async () => {
  const flow = await sipFlowApp('SIP通话上限', { MAX_TALK_S: String(MAX_TALK_S) });
  const { app } = flow;
  // The robot would wait a minute per silence: only the limit can end this call soon.
  const patient = { ...courseScript, settings: { ...courseScript.settings, silenceTimeoutMs: 60_000 } };
  const scriptId = await addScript(app.db, flow.team.team_id, patient);
  const sipp = await startSipp('uas-answer-echo-then-bye.xml', { rtpEcho: true, timeoutS: 120 });
  after(() => sipp.stop());
  const lineId = await sipLineTo(flow, sipp, '不挂机的被叫');
  const task = await sipTask(flow, lineId, scriptId, ['13800132001']);

  it('the call is hung up by us at the limit: BYE sent (sipp saw it), hangup_by system, limit on the record', async () => {
    app.dialer.start();
    const row = await untilTaskFinished(app, task.id);
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
