// Per-turn recordings (分段录音) of a real SIP call: sipp answers and speaks, the robot asks, hears the reply
// (Silero VAD + the FunASR stand-in), answers and hangs up. Each turn of the record (6.4 cdrshow) names its
// segment in `fenduanluyin` with the reference's naming, 6.3 serves it, and the segments hold what was said in
// them: the question and the callee's reply in the first, the robot's closing line in the second.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { dialSeedRepository } from '../../src/repositories/dial-seed.repository.js';
import type { ScriptInput } from '../../src/robot/index.js';
import { FunAsrStandin } from '../support/asr-standins/funasr-standin.js';
import { addScript, addTask, recordsOf } from '../support/dial-factories.js';
import { SIPP_HOST, startSipp } from '../support/sipp.js';
import { alawFile, speakingCallee } from '../support/sipp-speech.js';
import { speak, timeline } from '../support/speech-audio.js';
import { loudSpan, readStereoWav, soxInfo } from '../support/stereo-wav.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

const script: ScriptInput = {
  version: 1,
  name: '分段录音测试',
  flows: [{ id: 'main', title: '主流程', entry: 'ask' }],
  nodes: {
    ask: {
      kind: 'say',
      title: '01询问',
      variants: ['您好，请问您对课程感兴趣吗？'],
      bargeIn: false,
      silenceTimeoutMs: 3000,
      maxSilence: 0,
      branches: [{ kind: 'affirm', target: 'yes' }],
    },
    yes: { kind: 'hangup', title: '02有意向', variants: ['好的，稍后联系您'] },
    bye: { kind: 'hangup', title: '04无应答', variants: ['再见'] },
  },
  settings: { fallback: 'bye' },
};

const rtpBase = 44_000 + Math.floor(Math.random() * 100) * 100;
const SEGMENT =
  /^\/recordings\/\d{8}\/segmental_record\/\d{4}\/subsection_tts_\d{14}_[^_]+_[^_]+_[0-9a-f-]{36}_4321_(\d)\.wav$/;

describe('per-turn segments of a SIP call: written, named, listed on the turns, served by 6.3', async () => {
  const standin = await FunAsrStandin.start({ answer: () => '是的，我很感兴趣' });
  after(() => standin.stop());
  const t = await buildTestApp({
    SIP_BIND_ADDRESS: '127.0.0.1',
    RTP_PORT_MIN: String(rtpBase),
    RTP_PORT_MAX: String(rtpBase + 99),
  });
  const { app } = t;
  const s = await newTenant(t, '分段录音');
  const team = await dialSeedRepository.teamBySn(
    app.db.system,
    (s as typeof s & { team_sn: string }).team_sn,
  );
  assert.ok(team);
  await app.db.tenant(team.team_id, (trx) => dialSeedRepository.callAllDay(trx));
  await app.db.system
    .insertInto('asr_providers')
    .values({
      team_id: team.team_id,
      name: 'FunASR',
      config: JSON.stringify({ kind: 'funasr', url: standin.url, mode: '2pass' }),
      is_default: true,
    })
    .execute();
  const scriptId = await addScript(app.db, team.team_id, script);
  after(() => app.dialer.stop());

  const { pcm } = timeline([400, { label: 'yes', pcm: speak('是的，我很感兴趣') }, 1500]);
  const sipp = await startSipp(speakingCallee(alawFile(pcm), { pauseMs: 3500 }), { timeoutS: 40 });
  after(() => sipp.stop());
  const created = await call<{ code: number; msg: string; data: { line_id: number } }>(
    t,
    s,
    '/ext/lines/create',
    {
      name: '分段',
      kind: 'sip',
      capacity: 1,
      config: { host: SIPP_HOST, port: sipp.port, options_interval_s: 0 },
    },
  );
  assert.equal(created.code, 0, created.msg);
  const task = await addTask(app.db, team.team_id, {
    accountId: team.account_id,
    scriptId,
    lineId: String(created.data.line_id),
    phones: ['13800004321'],
  });

  const download = async (file: string) => {
    const query = new URLSearchParams({ user_sn: s.user_sn, api_key: s.api_key, recordfile: file });
    const res = await t.http.inject({ method: 'GET', url: `/api/cdrFragmentDownload?${query.toString()}` });
    assert.equal(res.statusCode, 200, res.body.slice(0, 200));
    assert.equal(res.headers['content-type'], 'audio/wav');
    const local = path.join(mkdtempSync(path.join(os.tmpdir(), 'aicall-seg-')), path.basename(file));
    writeFileSync(local, res.rawPayload);
    return local;
  };

  it('each turn carries its segment; 6.3 serves them; they hold the question, the reply and the closing line', async () => {
    app.dialer.start();
    let records = await recordsOf(app.db, task.id);
    for (let i = 0; i < 400 && records.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      records = await recordsOf(app.db, task.id);
    }
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    // Stopped here, not only in after(): the file's database is dropped first when the file ends.
    await app.dialer.stop();
    const [record] = records;
    assert.ok(record);
    assert.equal(record.result, 'answered');

    const shown = await call<{
      code: number;
      data: { fragment: { title: string; fenduanluyin: string }[][] };
    }>(t, s, '/api/cdrshow', { accounts_sn: record.sn });
    assert.equal(shown.code, 0);
    const turns = shown.data.fragment[0] ?? [];
    assert.deepEqual(
      turns.map((x) => x.title),
      ['01询问', '02有意向'],
    );
    turns.forEach((x, k) => {
      const m = SEGMENT.exec(x.fenduanluyin);
      assert.ok(m, `turn ${k + 1}: ${x.fenduanluyin}`);
      assert.equal(Number(m[1]), k + 1);
      // The segment is named after the call's recording.
      const base = path.basename(record.recordfile ?? '', '.wav');
      assert.ok(x.fenduanluyin.includes(`_${base}_${k + 1}.wav`), `${x.fenduanluyin} of ${base}`);
    });

    const [ask, reply] = await Promise.all(turns.map((x) => download(x.fenduanluyin)));
    assert.ok(ask && reply);
    const seconds = [soxInfo(ask), soxInfo(reply)].map((i) => {
      assert.equal(i.channels, 2);
      assert.equal(i.rate, 8000);
      return i.seconds;
    });
    // Together the segments cover the call from the robot's first line to the hang-up.
    const total = (seconds[0] ?? 0) + (seconds[1] ?? 0);
    assert.ok(Math.abs(total - record.talktimes) <= 1.5, `segments ${total} s, call ${record.talktimes} s`);

    const first = readStereoWav(ask);
    assert.ok(loudSpan(first.right, 500), 'the question (robot, right) is in the first segment');
    assert.ok(loudSpan(first.left, 500), "the callee's reply (left) is in the first segment");
    const second = readStereoWav(reply);
    assert.ok(loudSpan(second.right, 500), 'the closing line (robot, right) is in the second segment');
    assert.equal(loudSpan(second.left, 500), undefined, 'the callee is silent in the second segment');
  });
});
