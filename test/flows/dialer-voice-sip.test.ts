// End to end over a real SIP call: the dialer places the call on a SIP line to sipp, sipp answers and speaks
// synthesised Mandarin; the real Silero VAD finds the utterance, the FunASR adapter sends it to the loopback
// stand-in (which answers with the test's transcript), the robot takes the matching branch, says its line and
// hangs up; the call record's turns (6.4) show the exchange. A silent callee runs into the silence timer,
// which starts at the end of the greeting: the script's no-answer path ends the call.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ScriptInput } from '../../src/robot/index.js';
import { FunAsrStandin } from '../support/asr-standins/funasr-standin.js';
import { addScript, addTask, dialTenant, recordsOf } from '../support/dial-factories.js';
import { SIPP_HOST, startSipp } from '../support/sipp.js';
import { alawFile, speakingCallee } from '../support/sipp-speech.js';
import { silence, speak, timeline } from '../support/speech-audio.js';
import { buildTestApp } from '../support/test-app.js';

const script: ScriptInput = {
  version: 1,
  name: '语音接通测试',
  flows: [{ id: 'main', title: '主流程', entry: 'ask' }],
  nodes: {
    ask: {
      kind: 'say',
      title: '01询问',
      variants: ['您好，请问您对课程感兴趣吗？'],
      bargeIn: false,
      silenceTimeoutMs: 1500,
      maxSilence: 0,
      branches: [
        { kind: 'affirm', target: 'yes' },
        { kind: 'negate', target: 'no' },
      ],
    },
    yes: { kind: 'hangup', title: '02有意向', variants: ['好的，稍后联系您'] },
    no: { kind: 'hangup', title: '03无意向', variants: ['打扰了'] },
    bye: { kind: 'hangup', title: '04无应答', variants: ['再见'] },
  },
  settings: { fallback: 'bye' },
};

const rtpBase = 40_000 + Math.floor(Math.random() * 100) * 100;

describe('dialer → SIP → VAD → recogniser → robot → call record', async () => {
  const standin = await FunAsrStandin.start({ answer: () => '是的，我很感兴趣' });
  after(() => standin.stop());
  const t = await buildTestApp({
    SIP_BIND_ADDRESS: '127.0.0.1',
    RTP_PORT_MIN: String(rtpBase),
    RTP_PORT_MAX: String(rtpBase + 99),
  });
  const { app } = t;
  const tenant = await dialTenant(app, { aiCount: 2 });
  const scriptId = await addScript(app.db, tenant.teamId, script);

  async function callThrough(scenario: string, phone: string) {
    const sipp = await startSipp(scenario, { timeoutS: 40 });
    const line = await app.db.system
      .insertInto('lines')
      .values({
        team_id: tenant.teamId,
        name: `SIP ${phone}`,
        kind: 'sip',
        capacity: 1,
        cps: null,
        config: JSON.stringify({ host: SIPP_HOST, port: sipp.port, options_interval_s: 0 }),
        is_default: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const task = await addTask(app.db, tenant.teamId, {
      accountId: tenant.accountId,
      scriptId,
      lineId: line.id,
      phones: [phone],
    });
    app.dialer.start();
    let records = await recordsOf(app.db, task.id);
    for (let i = 0; i < 400 && records.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      records = await recordsOf(app.db, task.id);
    }
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.equal(records.length, 1, 'one call record');
    return records[0]!;
  }

  await app.db.system
    .insertInto('asr_providers')
    .values({
      team_id: tenant.teamId,
      name: 'FunASR',
      config: JSON.stringify({ kind: 'funasr', url: standin.url, mode: '2pass' }),
      is_default: true,
    })
    .execute();

  it('the recognised reply takes its branch; the record shows the turns and their voice timing', async () => {
    const { pcm } = timeline([400, { label: 'yes', pcm: speak('是的，我很感兴趣') }, 1500]);
    const record = await callThrough(speakingCallee(alawFile(pcm), { pauseMs: 3500 }), '13800001111');
    assert.equal(record.result, 'answered');
    assert.equal(record.hangup_by, 'robot');
    const turns = record.turns as { title: string; answer: string; outType: string; caption: string }[];
    assert.deepEqual(
      turns.map((x) => [x.title, x.answer, x.outType]),
      [
        ['01询问', '是的，我很感兴趣', 'branch'],
        ['02有意向', '', ''],
      ],
    );
    const details = record.details as { voiceTurns?: { result: string; firstReplyFrameAt?: number }[] };
    assert.equal(details.voiceTurns?.length, 1);
    assert.equal(details.voiceTurns?.[0]?.result, 'recognised');
    assert.ok(details.voiceTurns?.[0]?.firstReplyFrameAt, 'the reply was timed to its first RTP frame');
    assert.ok(standin.sessions.length >= 1);
  });

  it('a silent callee: the silence timer runs from the end of the greeting, the no-answer path ends the call', async () => {
    const record = await callThrough(
      speakingCallee(alawFile(silence(1000)), { pauseMs: 0, loops: -1 }),
      '13800002222',
    );
    assert.equal(record.result, 'answered');
    assert.equal(record.hangup_by, 'robot');
    const turns = record.turns as { title: string; outType: string }[];
    assert.deepEqual(
      turns.map((x) => [x.title, x.outType]),
      [
        ['01询问', 'silence'],
        ['04无应答', ''],
      ],
    );
    assert.equal(app.dialer.activeCalls, 0, 'nothing left open');
  });
});
