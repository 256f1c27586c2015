// The robot hearing the callee on real SIP calls: the dialer's call runner places the call to sipp, which
// plays espeak-synthesised Mandarin; the real Silero VAD and the FunASR adapter (loopback stand-in answering
// with the test's transcript, or failing as the test says) feed the robot session, whose decisions are read
// from the attempt's outcome (turns, voice-turn timing). Covers the script's end-of-turn rules, keyword
// barge-in, silence counted from the real end of speech, and recogniser failures that must end in the
// script's "not recognised" path with the call closed, never stuck.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sharedVadPool } from '../../src/app/speech-wiring.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { ScriptInput } from '../../src/robot/index.js';
import { FunAsrStandin, type StandinFault } from '../support/asr-standins/funasr-standin.js';
import { tone } from '../support/sip-line.js';
import { funAsrHearing, robotSipCall } from '../support/sip-robot.js';
import { startSipp } from '../support/sipp.js';
import { alawFile, speakingCallee } from '../support/sipp-speech.js';
import { speak, timeline } from '../support/speech-audio.js';

let standin: FunAsrStandin;
let answer = '是的';
let fault: (index: number) => StandinFault = () => 'none';
before(async () => {
  standin = await FunAsrStandin.start({
    answer: () => answer,
    fault: (s) => fault(s.index),
    partialEveryBytes: 3200,
  });
  // Detectors built ahead, as on a server whose lines were loaded at start-up.
  await sharedVadPool(silentLogger).warm();
});
after(() => standin.stop());

const GREETING = '您好，请问您对课程感兴趣吗？';

/** One question, its answers, and a closing line per outcome; `ask` overrides the question node's fields. */
function script(ask: Record<string, unknown> = {}): ScriptInput {
  return {
    version: 1,
    name: '听见测试',
    flows: [{ id: 'main', title: '主流程', entry: 'ask' }],
    nodes: {
      ask: {
        kind: 'say',
        title: '01询问',
        variants: [GREETING],
        bargeIn: false,
        silenceTimeoutMs: 1500,
        maxSilence: 0,
        branches: [
          { kind: 'affirm', target: 'yes' },
          { kind: 'negate', target: 'no' },
          { kind: 'silence', target: 'quiet' },
          { kind: 'notRecognised', target: 'unheard' },
        ],
        ...ask,
      },
      yes: { kind: 'hangup', title: '02有意向', variants: ['好的'] },
      no: { kind: 'hangup', title: '03无意向', variants: ['打扰了'] },
      quiet: { kind: 'hangup', title: '04无应答', variants: ['再见'] },
      unheard: { kind: 'hangup', title: '05没听清', variants: ['抱歉'] },
      price: { kind: 'hangup', title: '06问价格', variants: ['价格'] },
    },
    settings: { fallback: 'quiet' },
  };
}

/**
 * Calls a sipp callee who says `text` `pauseMs` after the answer, with the robot running `input`; the greeting
 * lasts `greetingMs`. Resolves with the channel's events and the attempt's outcome once the call has ended.
 */
async function converse(
  input: ScriptInput,
  text: string,
  opts: { pauseMs: number; greetingMs?: number; url?: string; reconnects?: number },
) {
  const { pcm } = timeline([200, { label: 'callee', pcm: speak(text) }, 600]);
  const sipp = await startSipp(speakingCallee(alawFile(pcm), { pauseMs: opts.pauseMs }));
  const call = robotSipCall({
    sippPort: sipp.port,
    script: input,
    hearing: funAsrHearing(opts.url ?? standin.url, { reconnects: opts.reconnects ?? 0 }),
    audio: (p) => tone(p.content === GREETING ? (opts.greetingMs ?? 400) : 300),
  });
  const outcome = await call.outcome;
  const done = await sipp.done;
  assert.equal(done.code, 0, done.output);
  const conversation = outcome.conversation;
  assert.ok(conversation, 'the robot ran');
  const turns = conversation.turns.map((t) => [t.title, t.answer, t.outType]);
  const voiceTurns = (conversation.details.voiceTurns ?? []) as {
    speechEndAt: number;
    endOfTurnAt: number;
    result: string;
  }[];
  return { outcome, turns, voiceTurns, events: call.events };
}

describe('the robot hears the callee on SIP calls', () => {
  it('a 是/不是 question ends the turn sooner than an open one', async () => {
    answer = '是的';
    fault = () => 'none';
    const yesNo = await converse(script(), '是的，我很感兴趣', { pauseMs: 800 });
    assert.deepEqual(yesNo.turns[0], ['01询问', '是的', 'branch']);
    const open = await converse(
      script({
        branches: [
          { kind: 'affirm', target: 'yes' },
          { kind: 'keywords', keywords: ['多少钱'], target: 'price' },
        ],
      }),
      '是的，我很感兴趣',
      { pauseMs: 800 },
    );
    assert.deepEqual(open.turns[0], ['01询问', '是的', 'branch']);
    const waited = (r: typeof yesNo) => r.voiceTurns[0]!.endOfTurnAt - r.voiceTurns[0]!.speechEndAt;
    assert.ok(waited(yesNo) < 450, `yes/no question: ${waited(yesNo)} ms of end-of-turn silence`);
    assert.ok(waited(open) >= 550, `open question: ${waited(open)} ms of end-of-turn silence`);
  });

  // sipp stops sending RTP when its file ends (600 ms after the voice), as a phone with silence suppression
  // does: the missing packets count as silence, or this turn would never end.
  it("a node's own end-of-turn silence is used, also when the callee's packets stop", async () => {
    answer = '是的';
    fault = () => 'none';
    const r = await converse(script({ endOfTurnMs: 1000 }), '是的，我很感兴趣', { pauseMs: 800 });
    const waited = r.voiceTurns[0]!.endOfTurnAt - r.voiceTurns[0]!.speechEndAt;
    assert.ok(waited >= 950 && waited < 1200, `${waited} ms`);
  });

  it('keyword barge-in: a matching phrase stops the prompt, other speech does not', async () => {
    fault = () => 'none';
    const keyword = script({
      bargeIn: true,
      voiceBreak: 0,
      branches: [
        { kind: 'keywords', keywords: ['多少钱'], target: 'price' },
        { kind: 'affirm', target: 'yes' },
      ],
    });
    answer = '多少钱啊';
    const cut = await converse(keyword, '请问这个课程多少钱', { pauseMs: 1000, greetingMs: 6000 });
    assert.ok(cut.events.includes(`interrupted:${GREETING}`), cut.events.join(' '));
    assert.equal(cut.turns[1]?.[0], '06问价格');
    answer = '今天天气不错';
    const kept = await converse(keyword, '今天天气不错', { pauseMs: 1000, greetingMs: 4000 });
    assert.ok(kept.events.includes(`completed:${GREETING}`), kept.events.join(' '));
  });

  it('silence is counted from the end of the voice: a callee talking past the time-out is heard', async () => {
    answer = '是的';
    fault = () => 'none';
    // The greeting ends at ~0.4 s; the callee starts at 1.2 s and talks for ~2.5 s (silence time-out 1.5 s).
    const r = await converse(script(), '是的，我对这个课程很感兴趣，你继续说吧', { pauseMs: 1000 });
    assert.deepEqual(
      r.turns.map((t) => t[0]),
      ['01询问', '02有意向'],
    );
    assert.ok(!r.turns.some((t) => t[2] === 'silence'));
  });

  for (const [name, fails, reason] of [
    ['stalls', 'stall', 'readTimeout'],
    ['closes mid-utterance', 'closeMidUtterance', 'connectionClosed'],
    ['answers garbage', 'garbage', 'badResponse'],
  ] as const) {
    it(`a recogniser that ${name}: "not recognised", the script's path, the call ends`, async () => {
      fault = () => fails;
      const r = await converse(script(), '是的，我很感兴趣', { pauseMs: 800 });
      fault = () => 'none';
      assert.deepEqual(r.voiceTurns[0]?.result, reason);
      assert.ok(r.events.includes(`notRecognised:${reason}`), r.events.join(' '));
      assert.deepEqual(
        r.turns.map((t) => [t.at(0), t.at(2)]),
        [
          ['01询问', 'notRecognised'],
          ['05没听清', ''],
        ],
      );
      assert.equal(r.outcome.hangupBy, 'robot');
    });
  }

  it('a recogniser that is down or never answers the handshake: "not recognised", the call ends', async () => {
    // Accepts TCP connections and never says a word: the WebSocket handshake times out.
    const mute = createServer(() => undefined);
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    after(() => mute.close());
    const muteUrl = `ws://127.0.0.1:${(mute.address() as AddressInfo).port}`;
    for (const [url, reason] of [
      ['ws://127.0.0.1:9', undefined],
      [muteUrl, 'connectTimeout'],
    ] as const) {
      const r = await converse(script(), '是的，我很感兴趣', { pauseMs: 800, url, reconnects: 1 });
      const result = r.voiceTurns[0]?.result;
      assert.ok(result && result !== 'recognised' && (!reason || result === reason), `${url}: ${result}`);
      assert.deepEqual(r.turns.at(-1)?.[0], '05没听清');
      assert.equal(r.outcome.hangupBy, 'robot');
    }
  });

  it('a connection lost mid-utterance is replaced and the audio sent again: recognised', async () => {
    answer = '是的';
    const first = standin.sessions.length;
    fault = (index) => (index === first ? 'closeMidUtterance' : 'none');
    const r = await converse(script(), '是的，我很感兴趣', { pauseMs: 800, reconnects: 1 });
    fault = () => 'none';
    assert.equal(r.voiceTurns[0]?.result, 'recognised');
    assert.deepEqual(r.turns[0], ['01询问', '是的', 'branch']);
    assert.equal(standin.sessions.length - first, 2, 'one lost connection, one replacement');
  });
});
