// Hearing on real SIP calls: sipp answers and plays espeak-synthesised Mandarin into the call (rtp_stream of an
// A-law file made by the test); our channel feeds the real Silero VAD and the FunASR adapter (loopback
// stand-in answering with the test's transcript). Barge-in stops the prompt only where the prompt allows it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FunAsrProvider } from '../../src/speech/asr/funasr-asr.js';
import { DEFAULT_ASR_TIMEOUTS } from '../../src/speech/asr/resilient-stream.js';
import { CalleeListener } from '../../src/speech/callee-listener.js';
import { SileroVad } from '../../src/speech/vad/silero-vad.js';
import type { InterruptMode } from '../../src/telephony/call-channel.js';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { FunAsrStandin, type StandinFault } from '../support/asr-standins/funasr-standin.js';
import { sipTestEnv, sipTestLine, tone } from '../support/sip-line.js';
import { startSipp, type SippRun } from '../support/sipp.js';
import { alawFile, speakingCallee } from '../support/sipp-speech.js';
import { cough, silence, speak, timeline } from '../support/speech-audio.js';

let standin: FunAsrStandin;
let fault: StandinFault = 'none';
before(async () => {
  standin = await FunAsrStandin.start({ answer: () => '是的，我很感兴趣', fault: () => fault });
});
after(() => standin.stop());

/** A SIP line whose calls hear with the real VAD and the FunASR adapter; prompts are tones of the given length. */
function hearingLine(sippPort: number, promptMs: number, prompt?: Int16Array) {
  const env = sipTestEnv({ audio: () => Promise.resolve(prompt ?? tone(promptMs)) });
  return sipTestLine(sippPort, {}, env, {
    hearing: (call, sink) =>
      Promise.resolve(
        new CalleeListener({
          vad: new SileroVad(),
          asr: new FunAsrProvider({
            url: standin.url,
            mode: '2pass',
            hotwordWeight: 20,
            itn: true,
            timeouts: { ...DEFAULT_ASR_TIMEOUTS, connectTimeoutMs: 500, readTimeoutMs: 800, reconnects: 0 },
          }),
          sink,
          callId: call.callId,
        }),
      ),
  });
}

const answered = (call: SipChannel, sipp: SippRun) =>
  Promise.race([
    new Promise<void>((resolve) => call.on('answered', () => resolve())),
    sipp.done.then((r) => Promise.reject(new Error(`sipp exited ${r.code} before the answer: ${r.output}`))),
  ]);

/** Calls a sipp callee who says `text` `pauseMs` after the answer; returns the call and its events. */
async function callSpeaker(text: string | Int16Array, opts: { pauseMs: number; promptMs?: number }) {
  const voice = typeof text === 'string' ? speak(text) : text;
  const { pcm } = timeline([400, { label: 'callee', pcm: voice }, 800]);
  const sipp = await startSipp(speakingCallee(alawFile(pcm), { pauseMs: opts.pauseMs }));
  const line = hearingLine(sipp.port, opts.promptMs ?? 200);
  const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
  const events: string[] = [];
  call.on('voice', (e) => events.push(`voice:${e.phase}`));
  call.on('speech', (e) => e.isFinal && events.push(`final:${e.text}`));
  call.on('notRecognised', (e) => events.push(`notRecognised:${e.reason}`));
  await answered(call, sipp);
  return { call, sipp, events };
}

const until = async (what: () => boolean, ms: number): Promise<void> => {
  for (const end = Date.now() + ms; !what() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
};

async function prompted(mode: InterruptMode, text: string | Int16Array) {
  const { call, sipp, events } = await callSpeaker(text, { pauseMs: 1000, promptMs: 6000 });
  const ended = await call.say('一段很长的介绍', { bargeIn: mode });
  await until(() => events.some((e) => e.startsWith('final:') || e.startsWith('notRecognised')), 3000);
  const end = await call.hangup();
  const done = await sipp.done;
  assert.equal(done.code, 0, done.output);
  return { ended, events, end };
}

describe('SIP calls hear the callee (sipp speaks, real VAD, FunASR adapter)', () => {
  it("the callee's utterance is detected, recognised and timed as a voice turn", async () => {
    fault = 'none';
    const before = standin.sessions.length;
    const { call, sipp, events } = await callSpeaker('是的，我很感兴趣', { pauseMs: 300 });
    await until(() => events.some((e) => e.startsWith('final:')), 8000);
    const end = await call.hangup();
    assert.equal((await sipp.done).code, 0);
    assert.deepEqual(events, ['voice:start', 'voice:end', 'final:是的，我很感兴趣']);
    const sessions = standin.sessions.slice(before);
    assert.equal(sessions.length, 1, 'one recognition for one utterance');
    assert.deepEqual(sessions[0]?.violations, []);
    // 16 kHz 16-bit: at least the utterance's length of audio reached the recogniser.
    const seconds = (sessions[0]?.audioBytes ?? 0) / 32000;
    assert.ok(seconds >= speak('是的，我很感兴趣').length / 8000, `${seconds.toFixed(2)} s of audio sent`);
    const turn = end.voiceTurns?.[0];
    assert.ok(turn, 'the voice turn is reported at the end');
    assert.equal(turn.result, 'recognised');
    assert.ok(turn.speechStartAt < turn.speechEndAt && turn.speechEndAt <= turn.endOfTurnAt);
    assert.ok(turn.asrFinalAt !== undefined && turn.asrFinalAt >= turn.endOfTurnAt);
  });

  it('a callee speaking over an interruptible prompt stops it; over a non-interruptible one it plays on', async () => {
    fault = 'none';
    const cut = await prompted('voice', '不用了，我现在不需要');
    assert.equal(cut.ended, 'interrupted');
    const kept = await prompted('off', '不用了，我现在不需要');
    assert.equal(kept.ended, 'completed');
    assert.ok(kept.events.includes('final:是的，我很感兴趣'), 'still heard and recognised');
  });

  it('a short 嗯 during an interruptible prompt does not stop it', async () => {
    fault = 'none';
    const { ended, events } = await prompted('voice', '嗯');
    assert.ok(events.includes('voice:start'), `the 嗯 was heard: ${events.join(' ')}`);
    assert.equal(ended, 'completed');
  });

  it('a cough during an interruptible prompt does not stop it', async () => {
    fault = 'none';
    const { ended } = await prompted('voice', cough());
    assert.equal(ended, 'completed');
  });

  it("the robot's own prompt echoed back by the far end is not the callee speaking", async () => {
    fault = 'none';
    const before = standin.sessions.length;
    const prompt = speak('您好，这里是客服中心，请问您现在方便接听电话吗');
    const sipp = await startSipp('uas-answer-echo-then-bye.xml', { rtpEcho: true });
    const call = hearingLine(sipp.port, 0, prompt).originate({ callee: '13800138000', caller: '4001' });
    const events: string[] = [];
    call.on('voice', (e) => events.push(e.phase));
    await answered(call as SipChannel, sipp);
    const ended = await call.say('介绍', { bargeIn: 'voice' });
    await call.hangup();
    assert.equal((await sipp.done).code, 0);
    assert.equal(ended, 'completed', 'the echo did not cut the prompt');
    assert.deepEqual(events, [], 'no voice heard');
    assert.equal(standin.sessions.length, before, 'nothing sent to the recogniser');
  });

  it('a recogniser that stalls gives "not recognised" and the call goes on', async () => {
    fault = 'stall';
    const { call, sipp, events } = await callSpeaker('是的，我很感兴趣', { pauseMs: 300 });
    await until(() => events.some((e) => e.startsWith('notRecognised')), 8000);
    assert.equal(call.state, 'answered');
    assert.deepEqual(events, ['voice:start', 'voice:end', 'notRecognised:readTimeout']);
    const end = await call.hangup();
    assert.equal((await sipp.done).code, 0);
    assert.equal(end.voiceTurns?.[0]?.result, 'readTimeout');
    fault = 'none';
  });

  it('silence only: no voice, nothing sent to the recogniser', async () => {
    const before = standin.sessions.length;
    const sipp = await startSipp(speakingCallee(alawFile(silence(2000)), { pauseMs: 0 }));
    const line = hearingLine(sipp.port, 200);
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    const events: string[] = [];
    call.on('voice', (e) => events.push(e.phase));
    await answered(call, sipp);
    await new Promise((r) => setTimeout(r, 2200));
    await call.hangup();
    assert.equal((await sipp.done).code, 0);
    assert.deepEqual(events, []);
    assert.equal(standin.sessions.length, before);
  });
});
