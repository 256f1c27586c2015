// Prompts that cannot be played during a real SIP call (sipp as the callee): a recorded prompt file that is
// missing and has no text is skipped, one with a text is spoken from it, and the TTS server being down falls
// back to the built-in voice. Each call goes on and ends normally; the faults are listed on the call record
// (details.playbackFaults), the task's counters and the dialer are intact.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { courseScript } from '../../src/robot/index.js';
import type { PlaybackFault } from '../../src/telephony/call-channel.js';
import { addScript, recordsOf, taskRow } from '../support/dial-factories.js';
import { sipFlowApp, sipLineTo, sipTask } from '../support/sip-flow.js';
import { startSipp, type SippRun } from '../support/sipp.js';

/** The course script opening with a recorded prompt that does not exist; one silence ends the call quickly. */
const scriptOpeningWith = (variant: { text: string; audio: string }) => ({
  ...courseScript,
  settings: { ...courseScript.settings, silenceTimeoutMs: 800, maxSilence: 1 },
  nodes: { ...courseScript.nodes, greet: { ...courseScript.nodes.greet, variants: [variant] } },
});

describe('dialer on SIP: a missing prompt file and a TTS server that is down during the call', async () => {
  const flow = await sipFlowApp(
    'SIP放音故障',
    // Nothing listens there: every synthesis by the server fails at once.
    { TTS_PROVIDER: 'http', TTS_HTTP_URL: 'http://127.0.0.1:9' },
    200,
  );
  const { app, team } = flow;
  const sipps: SippRun[] = [];
  after(() => sipps.forEach((p) => p.stop()));

  /** A task of one number on its own SIP line to a sipp that answers, echoes and waits for our BYE. */
  const taskWith = async (variant: { text: string; audio: string }, phone: string) => {
    const sipp = await startSipp('uas-answer-echo-then-bye.xml', { rtpEcho: true, timeoutS: 120 });
    sipps.push(sipp);
    const lineId = await sipLineTo(flow, sipp, `放音故障-${phone}`);
    const scriptId = await addScript(app.db, team.team_id, scriptOpeningWith(variant));
    const task = await sipTask(flow, lineId, scriptId, [phone]);
    return { sipp, task };
  };

  const silent = await taskWith({ text: '', audio: 'missing-opening.wav' }, '13800131001');
  const spoken = await taskWith(
    { text: '您好，请问是家长吗？', audio: 'missing-opening.wav' },
    '13800131002',
  );

  it('both calls are answered, go on past the faults and end normally; the tasks finish', async () => {
    app.dialer.start();
    for (let i = 0; i < 1200; i++) {
      const rows = await Promise.all([silent, spoken].map((x) => taskRow(app.db, x.task.id)));
      if (rows.every((r) => r.status === 1)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.dialer.stop();
    assert.equal(app.dialer.activeCalls, 0, 'no call left open');
    for (const x of [silent, spoken]) {
      const row = await taskRow(app.db, x.task.id);
      assert.equal(row.status, 1, `task ${x.task.sn} finished`);
      assert.equal(row.send_count, 1);
      assert.equal(row.success + row.fail, 1);
      const done = await x.sipp.done;
      assert.equal(done.code, 0, done.output);
    }
  });

  it('the missing prompt without a text: skipped, listed on the record, the robot went on', async () => {
    const [r] = await recordsOf(app.db, silent.task.id);
    assert.ok(r);
    assert.equal(r.result, 'answered');
    assert.equal(r.hangup_by, 'robot');
    const faults = (r.details as { playbackFaults?: PlaybackFault[] }).playbackFaults ?? [];
    const opening = faults.find((f) => f.content === 'missing-opening.wav');
    assert.ok(opening, JSON.stringify(r.details));
    assert.equal(opening.kind, 'play');
    assert.equal(opening.outcome, 'skipped');
    assert.ok(opening.error.length > 0);
    // The silence prompt after it was spoken (TTS server down → built-in voice), also listed.
    assert.ok(
      faults.some((f) => f.kind === 'say' && f.outcome === 'spoken by the built-in voice'),
      JSON.stringify(faults),
    );
  });

  it('the missing prompt with a text: spoken from it by the built-in voice, both faults listed', async () => {
    const [r] = await recordsOf(app.db, spoken.task.id);
    assert.ok(r);
    assert.equal(r.result, 'answered');
    const faults = (r.details as { playbackFaults?: PlaybackFault[] }).playbackFaults ?? [];
    const opening = faults.filter((f) => f.content === 'missing-opening.wav').map((f) => f.outcome);
    assert.deepEqual(
      opening,
      ['spoken from its text', 'spoken by the built-in voice'],
      JSON.stringify(faults),
    );
    assert.ok(Array.isArray(r.turns) && r.turns.length > 0, 'the robot spoke');
  });
});
