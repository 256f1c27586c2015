import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { sipTestEnv, sipTestLine, tone } from '../support/sip-line.js';
import { startSipp } from '../support/sipp.js';
import { readStereoWav, rms, soxInfo, toneHz } from '../support/stereo-wav.js';

/** The file is complete once its header declares every byte after it (the last append is asynchronous). */
async function settled(file: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const size = (await stat(file).catch(() => undefined))?.size ?? 0;
    if (size > 44 && readStereoWav(file).declaredBytes === size - 44) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${file} never settled`);
}

describe('SIP against sipp: call recording', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('records both sides in stereo: the callee (sipp playing 1 s of 440 Hz) left, the robot (1 kHz) right', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aicall-rec-'));
    dirs.push(dir);
    const file = path.join(dir, 'team', '20260101', '1200', 'call.wav');
    const sipp = await startSipp('uas-answer-play-audio-then-hang-up.xml');
    const line = sipTestLine(sipp.port, {}, sipTestEnv({ audio: () => Promise.resolve(tone(400)) }));
    const call = line.originate({ callee: '13800138000', caller: '4001', record: file }) as SipChannel;
    call.on('answered', () => void call.say('您好'));
    const end = await call.ended;
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.equal(end.result, 'answered');
    assert.equal(end.hangupBy, 'remote');
    assert.equal(end.recording, file);
    assert.deepEqual(end.signalling, { status: 200, reason: 'BYE from callee' });
    await settled(file);

    const info = soxInfo(file);
    assert.equal(info.channels, 2);
    assert.equal(info.rate, 8000);
    assert.ok(Math.abs(info.seconds * 1000 - end.talkMs) < 300, `${info.seconds} s for ${end.talkMs} ms`);

    const wav = readStereoWav(file);
    // Robot, right: the 400 ms prompt at the start, silence after it.
    assert.ok(rms(wav.right, 40, 360) > 3000, `robot prompt level ${rms(wav.right, 40, 360)}`);
    assert.ok(Math.abs(toneHz(wav.right, 40, 360) - 1000) < 30, `robot pitch ${toneHz(wav.right, 40, 360)}`);
    assert.ok(rms(wav.right, 600, 2500) < 50, 'robot silent after its prompt');
    // Callee, right: nothing before sipp speaks (500 ms after the ACK), its tone for 1 s, silence after.
    assert.ok(rms(wav.left, 0, 400) < 50, `callee level before speaking ${rms(wav.left, 0, 400)}`);
    assert.ok(rms(wav.left, 700, 1400) > 3000, `callee level while speaking ${rms(wav.left, 700, 1400)}`);
    assert.ok(
      Math.abs(toneHz(wav.left, 700, 1400) - 440) < 20,
      `callee pitch ${toneHz(wav.left, 700, 1400)}`,
    );
    assert.ok(rms(wav.left, 1800, 2700) < 50, 'callee silent after its utterance');
  });

  it('a failed call leaves no recording and reports the raw SIP status', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aicall-rec-'));
    dirs.push(dir);
    const file = path.join(dir, 'busy.wav');
    const sipp = await startSipp('uas-busy-486.xml');
    const line = sipTestLine(sipp.port);
    const call = line.originate({ callee: '13800138000', record: file });
    const end = await call.ended;
    await sipp.done;
    assert.equal(end.result, 'busy');
    assert.equal(end.recording, undefined);
    assert.equal(end.signalling?.status, 486);
    assert.equal(await stat(file).catch(() => 'absent'), 'absent');
  });
});
