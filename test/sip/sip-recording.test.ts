import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { sipTestEnv, sipTestLine, tone } from '../support/sip-line.js';
import { startSipp } from '../support/sipp.js';
import { loudSpan, readStereoWav, rms, soxInfo } from '../support/stereo-wav.js';

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
    // Each side is measured where its audio actually is (a loaded machine delays packets), then checked
    // against what was sent: its length, level and pitch, and silence before and after it.
    // Robot, right: the 400 ms prompt, said as soon as the call is answered, silence after it.
    const robot = loudSpan(wav.right);
    assert.ok(robot, 'the robot is heard');
    assert.ok(robot.firstMs < 500, `robot starts at ${robot.firstMs} ms`);
    assert.ok(Math.abs(robot.loudMs - 400) <= 40, `robot heard for ${robot.loudMs} ms`);
    assert.ok(robot.level > 3000, `robot prompt level ${robot.level}`);
    assert.ok(Math.abs(robot.hz - 1000) < 30, `robot pitch ${robot.hz}`);
    assert.ok(rms(wav.right, robot.lastMs + 40, robot.lastMs + 2000) < 50, 'robot silent after its prompt');
    // Callee, left: nothing before sipp speaks (500 ms after the ACK), its 1 s tone, silence after.
    const callee = loudSpan(wav.left);
    assert.ok(callee, 'the callee is heard');
    assert.ok(callee.firstMs >= 400, `callee starts at ${callee.firstMs} ms`);
    assert.ok(rms(wav.left, 0, callee.firstMs - 20) < 50, 'callee silent before speaking');
    // 1 s sent; the receive path may lose a frame or two at the edges (960 ms heard here when idle).
    assert.ok(Math.abs(callee.loudMs - 1000) <= 100, `callee heard for ${callee.loudMs} ms`);
    assert.ok(callee.level > 3000, `callee level while speaking ${callee.level}`);
    assert.ok(Math.abs(callee.hz - 440) < 20, `callee pitch ${callee.hz}`);
    assert.ok(
      rms(wav.left, callee.lastMs + 40, wav.left.length / 8) < 50,
      'callee silent after its utterance',
    );
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
