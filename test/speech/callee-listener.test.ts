// The listener on real audio: espeak-synthesised callee speech (and the robot's prompt leaking back as echo)
// through the echo gate, the real Silero VAD, barge-in rules and the FunASR stand-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FunAsrProvider } from '../../src/speech/asr/funasr-asr.js';
import { DEFAULT_ASR_TIMEOUTS } from '../../src/speech/asr/resilient-stream.js';
import { CalleeListener, type ListenerSink } from '../../src/speech/callee-listener.js';
import type { AsrResult, BargeInMode } from '../../src/speech/speech.js';
import { SileroVad } from '../../src/speech/vad/silero-vad.js';
import { FunAsrStandin, type StandinFault } from '../support/asr-standins/funasr-standin.js';
import { cough, frames, mix, silence, speak, timeline } from '../support/speech-audio.js';

interface Heard {
  log: string[];
  finals: AsrResult[];
  partials: string[];
  stopAtMs: number[];
}

function recorder(nowMs: () => number): { sink: ListenerSink; heard: Heard } {
  const heard: Heard = { log: [], finals: [], partials: [], stopAtMs: [] };
  const sink: ListenerSink = {
    speechStarted: () => heard.log.push('start'),
    speechEnded: () => heard.log.push('end'),
    stopSpeaking: () => {
      heard.log.push('stop');
      heard.stopAtMs.push(nowMs());
    },
    partial: (text) => heard.partials.push(text),
    final: (result) => {
      heard.log.push('final');
      heard.finals.push(result);
    },
  };
  return { sink, heard };
}

/** Plays `prompt` (robot) and `callee` audio through a listener, 20 ms at a time; echo = prompt × echoGain. */
async function converse(
  standin: FunAsrStandin,
  options: {
    callee: Int16Array;
    prompt?: Int16Array;
    mode?: BargeInMode;
    echoGain?: number;
    hotwords?: string[];
  },
): Promise<Heard> {
  let audioMs = 0;
  const { sink, heard } = recorder(() => audioMs);
  const listener = new CalleeListener({
    vad: new SileroVad(),
    asr: new FunAsrProvider({
      url: standin.url,
      mode: '2pass',
      hotwordWeight: 20,
      itn: true,
      timeouts: { ...DEFAULT_ASR_TIMEOUTS, readTimeoutMs: 600 },
    }),
    sink,
  });
  listener.listen({ hotwords: options.hotwords ?? [] });
  const prompt = options.prompt ?? new Int16Array(0);
  const echo = new Int16Array(options.callee.length);
  const delay = 40 * 8;
  for (let i = 0; i + delay < echo.length && i < prompt.length; i++) {
    echo[i + delay] = Math.round(prompt[i]! * (options.echoGain ?? 0));
  }
  const inbound = mix(options.callee, echo, 0);
  if (prompt.length > 0) listener.promptStarted(options.mode ?? 'voice');
  let tick = 0;
  for (const frame of frames(inbound)) {
    const played = prompt.subarray(tick * 160, tick * 160 + 160);
    listener.played(played.length === 160 ? played : undefined);
    if (prompt.length > 0 && tick * 160 >= prompt.length) listener.promptEnded();
    listener.heard(frame);
    audioMs += 20;
    tick++;
    await new Promise((r) => setImmediate(r));
  }
  for (let i = 0; i < 100 && heard.finals.length < heard.log.filter((e) => e === 'end').length; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  listener.close();
  return heard;
}

describe('callee listener: VAD → barge-in → recogniser', () => {
  let faults: (i: number) => StandinFault = () => 'none';
  let answers: (i: number) => string = () => '不需要谢谢';
  let standin: FunAsrStandin;
  before(async () => {
    standin = await FunAsrStandin.start({
      answer: (s) => answers(s.index),
      fault: (s) => faults(s.index),
      partialEveryBytes: 3200,
    });
  });
  after(() => standin.stop());

  it('hears an utterance: start, end, then the stand-in text; audio and hot words reached the server', async () => {
    faults = () => 'none';
    answers = () => '不需要谢谢';
    const first = standin.sessions.length;
    const { pcm, spans } = timeline([500, { label: 'u', pcm: speak('不需要，谢谢') }, 1500]);
    const heard = await converse(standin, { callee: pcm, hotwords: ['不需要'] });
    assert.deepEqual(heard.log, ['start', 'end', 'final']);
    assert.deepEqual(heard.finals[0], { status: 'recognised', text: '不需要谢谢', attempts: 1 });
    assert.ok(heard.partials.length > 0);
    const session = standin.sessions[first]!;
    const voiceBytes16k = ((spans[0]!.endMs - spans[0]!.startMs) / 1000) * 16000 * 2;
    assert.ok(
      session.audioBytes >= voiceBytes16k,
      `sent ${session.audioBytes} bytes for ${voiceBytes16k} of voice`,
    );
    assert.deepEqual(JSON.parse(session.config?.hotwords as string), { 不需要: 20 });
  });

  it('a callee talking over an interruptible prompt stops it within a frame of qualifying; a non-interruptible one is not stopped', async () => {
    faults = () => 'none';
    const prompt = speak('您好，这里是某某教育，我们最近有一个免费的试听课程想邀请您参加');
    const callee = timeline([1500, { label: 'c', pcm: speak('我现在没时间，你们别打了') }, 2000]);
    const voice = await converse(standin, { callee: callee.pcm, prompt, mode: 'voice', echoGain: 0.25 });
    assert.equal(voice.stopAtMs.length, 1, 'stopped once');
    const after = voice.stopAtMs[0]! - callee.spans[0]!.startMs;
    assert.ok(after > 300 && after <= 1000, `stopped ${after} ms after the callee began`);
    const off = await converse(standin, { callee: callee.pcm, prompt, mode: 'off', echoGain: 0.25 });
    assert.deepEqual(off.stopAtMs, []);
    assert.equal(off.finals.length, 1, 'the words are still heard');
  });

  it('嗯, 对 and a cough over a prompt do not interrupt it; the echo of the prompt is not speech', async () => {
    faults = () => 'none';
    answers = () => '嗯嗯嗯';
    const prompt = speak('您好，这里是某某教育，我们最近有一个免费的试听课程想邀请您参加');
    const callee = timeline([
      1200,
      { label: '嗯', pcm: speak('嗯') },
      1200,
      { label: '对', pcm: speak('对') },
      900,
      { label: 'cough', pcm: cough() },
      2000,
    ]);
    const voice = await converse(standin, { callee: callee.pcm, prompt, mode: 'voice', echoGain: 0.25 });
    assert.deepEqual(voice.stopAtMs, [], 'no barge-in');
    assert.deepEqual(voice.partials, [], 'backchannel partials are held back while the prompt plays');
    const echoOnly = await converse(standin, {
      callee: silence(prompt.length / 8 + 500),
      prompt,
      mode: 'voice',
      echoGain: 0.3,
    });
    assert.deepEqual(echoOnly.log, [], 'the prompt coming back is not heard as the callee');
  });

  it('keyword mode: only words reach the robot while it speaks, no stop on voice alone', async () => {
    faults = () => 'none';
    answers = () => '我不需要了';
    const prompt = speak('您好，这里是某某教育，我们最近有一个免费的试听课程想邀请您参加');
    const callee = timeline([1000, { label: 'c', pcm: speak('我不需要了，谢谢你') }, 1500]);
    const heard = await converse(standin, { callee: callee.pcm, prompt, mode: 'keyword', echoGain: 0.25 });
    assert.deepEqual(heard.stopAtMs, []);
    assert.ok(
      heard.partials.length > 0 && heard.partials.every((p) => '我不需要了'.startsWith(p)),
      heard.partials.join('|'),
    );
  });

  it('a recogniser that stalls gives "not recognised" for that turn and the next turn is heard', async () => {
    const first = standin.sessions.length;
    faults = (i) => (i === first ? 'stall' : 'none');
    answers = () => '好的';
    const { pcm } = timeline([
      400,
      { label: 'a', pcm: speak('喂，你说什么') },
      1500,
      { label: 'b', pcm: speak('好的，可以') },
      1500,
    ]);
    const heard = await converse(standin, { callee: pcm });
    assert.equal(heard.finals.length, 2, JSON.stringify(heard));
    assert.equal(
      heard.finals[0]!.status === 'notRecognised' && heard.finals[0]!.reason,
      'readTimeout',
      JSON.stringify(heard),
    );
    assert.deepEqual(heard.finals[1], { status: 'recognised', text: '好的', attempts: 1 });
  });
});
