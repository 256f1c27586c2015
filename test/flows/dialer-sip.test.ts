// A task on SIP lines whose far ends are real sipp processes: the dialer dials through our SIP stack, the
// robot speaks (espeak-ng), the callee talks and hangs up; failures come back as SIP statuses. The call records
// and the 6.6.1 pushes carry the mapped result and the raw status; the recording is served by 6.2 with Range.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { addScript, recordsOf, taskRow } from '../support/dial-factories.js';
import { sipFlowApp, sipLineTo, sipTask } from '../support/sip-flow.js';
import { startSipp, type SippRun } from '../support/sipp.js';
import { loudSpan, soxInfo, readStereoWav } from '../support/stereo-wav.js';

describe('dialer on SIP lines against sipp: dial → robot speaks → record → push → download', async () => {
  const flow = await sipFlowApp('SIP外呼', {}, 200);
  const { t, app, s, team } = flow;
  await app.db.system
    .updateTable('teams')
    .set({ open_callback: 1, callback_url: 'http://127.0.0.1:9/crm' })
    .where('id', '=', team.team_id)
    .execute();
  const scriptId = await addScript(app.db, team.team_id);
  const sipps: SippRun[] = [];
  after(() => sipps.forEach((p) => p.stop()));

  /** A SIP line (through the ext lines API) to a sipp running `scenario`, and a task of one number on it. */
  const taskOnSipp = async (scenario: string, phone: string) => {
    const sipp = await startSipp(scenario, { timeoutS: 90 });
    sipps.push(sipp);
    const lineId = await sipLineTo(flow, sipp, scenario, 2);
    const task = await sipTask(flow, lineId, scriptId, [phone]);
    return { sipp, task };
  };

  const answered = await taskOnSipp('uas-answer-play-audio-then-hang-up.xml', '13800130637');
  const failures = [
    { ...(await taskOnSipp('uas-busy-486.xml', '13800130001')), status: 486, result: '用户正忙' },
    { ...(await taskOnSipp('uas-vacant-404.xml', '13800130002')), status: 404, result: '空号' },
    { ...(await taskOnSipp('uas-unavailable-480.xml', '13800130003')), status: 480, result: '无人应答' },
  ];

  it('dials each task through SIP and finishes them', async () => {
    app.dialer.start();
    const all = [answered, ...failures];
    for (let i = 0; i < 300; i++) {
      const rows = await Promise.all(all.map((x) => taskRow(app.db, x.task.id)));
      if (rows.every((r) => r.status === 1)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.dialer.stop();
    for (const x of all) {
      assert.equal((await taskRow(app.db, x.task.id)).status, 1, `task ${x.task.sn} finished`);
    }
    assert.equal(app.dialer.activeCalls, 0, 'no call left open');
    const done = await answered.sipp.done;
    assert.equal(done.code, 0, done.output);
  });

  it('the answered call: robot turns, SIP 200 and the callee hang-up on the record and the push', async () => {
    const [r] = await recordsOf(app.db, answered.task.id);
    assert.ok(r);
    assert.equal(r.result, 'answered');
    assert.equal(r.hangup_by, 'callee');
    assert.equal(r.sip_status, 200);
    assert.equal(r.sip_reason, 'BYE from callee');
    assert.ok(Array.isArray(r.turns) && r.turns.length > 0, 'the robot spoke');
    assert.match(r.recordfile ?? '', /^\d{8}\/\d{4}\/\d{14}_[^_]+_[^_]+_[0-9a-f-]{36}_0637\.wav$/);
    const push = await app.db.system
      .selectFrom('push_events')
      .select('payload')
      .where('team_id', '=', team.team_id)
      .where('order_key', '=', answered.task.sn)
      .executeTakeFirstOrThrow();
    const payload = push.payload;
    assert.equal(payload.sip_status, 200);
    assert.equal(payload.hangup_serial_number, 1);
    assert.equal(payload.recordpath, '/recordings');
    assert.equal(payload.recordfile, `/recordings/${r.recordfile}`);
  });

  it('6.2 serves the recording: a valid stereo WAV of the call length, with the callee and the robot, seekable', async () => {
    const [r] = await recordsOf(app.db, answered.task.id);
    const query = new URLSearchParams({
      user_sn: s.user_sn,
      api_key: s.api_key,
      recordpath: '/recordings',
      recordfile: `/recordings/${r?.recordfile ?? ''}`,
    });
    const url = `/api/cdrDownload?${query.toString()}`;
    const full = await t.http.inject({ method: 'GET', url });
    assert.equal(full.statusCode, 200, full.body.slice(0, 200));
    assert.equal(full.headers['content-type'], 'audio/wav');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aicall-dl-'));
    const file = path.join(dir, 'call.wav');
    writeFileSync(file, full.rawPayload);
    const info = soxInfo(file);
    assert.equal(info.channels, 2);
    assert.ok(
      Math.abs(info.seconds - (r?.talktimes ?? 0)) <= 1,
      `${info.seconds} s, talktimes ${r?.talktimes}`,
    );
    const wav = readStereoWav(file);
    // Measured where the audio is (a loaded machine delays it), not in a fixed window.
    const callee = loudSpan(wav.left);
    assert.ok(callee && callee.loudMs >= 900, `the callee's 1 s tone (sipp) is heard on the left`);
    assert.ok(Math.abs(callee.hz - 440) < 20, `callee pitch ${callee.hz}`);
    assert.ok(loudSpan(wav.right, 300), 'the robot (espeak-ng) is heard on the right');
    const part = await t.http.inject({ method: 'GET', url, headers: { range: 'bytes=44-1043' } });
    assert.equal(part.statusCode, 206);
    assert.equal(part.rawPayload.length, 1000);
    assert.deepEqual(part.rawPayload, full.rawPayload.subarray(44, 1044));
  });

  it('failures: the mapped result and the raw SIP status on each record and push, no recording', async () => {
    for (const f of failures) {
      const [r] = await recordsOf(app.db, f.task.id);
      assert.ok(r, `record of ${f.status}`);
      assert.equal(r.result, f.result, `${f.status}`);
      assert.equal(r.sip_status, f.status);
      assert.ok(r.sip_reason.length > 0);
      assert.equal(r.recordfile, null);
      const push = await app.db.system
        .selectFrom('push_events')
        .select('payload')
        .where('order_key', '=', f.task.sn)
        .executeTakeFirstOrThrow();
      assert.equal(push.payload.sip_status, f.status);
    }
  });
});
