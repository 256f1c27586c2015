import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AudioFrame, SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { sipTestEnv, sipTestLine, tone } from '../support/sip-line.js';
import { startSipp } from '../support/sipp.js';

describe('SIP against sipp: answered call', () => {
  it('rings, answers, sends the prompt as paced RTP in the negotiated codec (echoed back by sipp), hangs up with BYE', async () => {
    const sipp = await startSipp('uas-answer-echo-then-bye.xml', { rtpEcho: true });
    const prompt = tone(400);
    const line = sipTestLine(sipp.port, {}, sipTestEnv({ audio: () => Promise.resolve(prompt) }));
    const call = line.originate({
      callee: '13800138000',
      caller: '4001',
      variables: { 'aicall.task': 'T1' },
    }) as SipChannel;
    const events: string[] = [];
    for (const e of ['ringing', 'answered', 'playbackDone', 'hangup', 'failed'] as const) {
      call.on(e, () => events.push(e));
    }
    const echoed: AudioFrame[] = [];
    call.onAudio((f) => echoed.push(f));
    await new Promise<void>((resolve) => call.on('answered', () => resolve()));
    assert.equal(await call.say('您好'), 'completed');
    await new Promise((r) => setTimeout(r, 300)); // the last echoes come back
    const end = await call.hangup();
    const result = await sipp.done;
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(events, ['ringing', 'answered', 'playbackDone', 'hangup']);
    assert.equal(end.result, 'answered');
    assert.equal(end.hangupBy, 'local');
    assert.equal(call.outcome?.status, 200);
    const stats = call.mediaStats;
    assert.ok(stats && stats.sent >= 20, `frames sent: ${stats?.sent}`);
    // The echo carries our own packets: consecutive 160-sample frames, and the prompt among them (A-law, as
    // negotiated, decoded back to the tone).
    assert.ok(echoed.length >= 20, `echoed ${echoed.length}`);
    for (let i = 1; i < echoed.length; i++) {
      assert.equal(
        (echoed[i]?.timestamp ?? 0) - (echoed[i - 1]?.timestamp ?? 0),
        160,
        `frame ${i} follows ${i - 1}`,
      );
      assert.equal(echoed[i]?.samples.length, 160);
    }
    const loud = echoed.filter((f) => f.samples.some((s) => Math.abs(s) > 4000)).length;
    assert.equal(loud, 20, 'the 400 ms prompt came back as 20 loud frames');
  });
});
