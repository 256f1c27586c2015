// Replies ready before the callee speaks: when the robot listens on a SIP call, the lines its branches may
// answer with are synthesised into the TTS cache (espeak-ng, a real cache on disk) ahead; the callee (sipp
// playing synthesised Mandarin) is answered from the cache, and the call record's voice turn says so.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedVadPool } from '../../src/app/speech-wiring.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { ScriptInput } from '../../src/robot/index.js';
import { EspeakTts } from '../../src/speech/tts/espeak-tts.js';
import { TtsCache } from '../../src/speech/tts/tts-cache.js';
import { FunAsrStandin } from '../support/asr-standins/funasr-standin.js';
import { funAsrHearing, robotSipCall } from '../support/sip-robot.js';
import { startSipp } from '../support/sipp.js';
import { alawFile, speakingCallee } from '../support/sipp-speech.js';
import { speak, timeline } from '../support/speech-audio.js';

const GREETING = '请问您对课程感兴趣吗？';
const YES = '太好了，我给您安排一节试听课';
const NO = '好的，不打扰您了';

const script: ScriptInput = {
  version: 1,
  name: '预合成测试',
  flows: [{ id: 'main', title: '主流程', entry: 'ask' }],
  nodes: {
    ask: {
      kind: 'say',
      title: '01询问',
      variants: [GREETING],
      bargeIn: false,
      silenceTimeoutMs: 4000,
      maxSilence: 0,
      branches: [
        { kind: 'affirm', target: 'yes' },
        { kind: 'negate', target: 'no' },
      ],
    },
    yes: { kind: 'hangup', title: '02有意向', variants: [YES] },
    no: { kind: 'hangup', title: '03无意向', variants: [NO] },
  },
  settings: { fallback: 'no' },
};

describe('pre-synthesis on SIP calls', () => {
  let standin: FunAsrStandin;
  let dir: string;
  before(async () => {
    standin = await FunAsrStandin.start({ answer: () => '是的', partialEveryBytes: 3200 });
    dir = mkdtempSync(path.join(tmpdir(), 'aicall-presynth-'));
    await sharedVadPool(silentLogger).warm();
  });
  after(async () => {
    await standin.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the branches’ replies are in the cache before the callee speaks, and the reply is sent from it', async () => {
    const cache = new TtsCache(new EspeakTts(), dir);
    const greetingMs = (await cache.speech(GREETING)).length / 8;
    assert.equal(cache.isReady(YES), false);
    const { pcm } = timeline([200, { label: 'callee', pcm: speak('是的，我很感兴趣') }, 600]);
    // The callee speaks a second after the greeting ends.
    const sipp = await startSipp(speakingCallee(alawFile(pcm), { pauseMs: Math.round(greetingMs) + 1000 }));
    const call = robotSipCall({
      sippPort: sipp.port,
      script,
      hearing: funAsrHearing(standin.url),
      env: { audio: (p) => cache.speech(p.text ?? p.content), presynthesis: cache },
    });
    const readyAtVoice: boolean[] = [];
    call.channel.on('voice', (e) => {
      if (e.phase === 'start') readyAtVoice.push(cache.isReady(YES) && cache.isReady(NO));
    });
    const outcome = await call.outcome;
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.deepEqual(readyAtVoice, [true], 'both replies synthesised before the callee spoke');
    const conversation = outcome.conversation;
    assert.ok(conversation);
    assert.deepEqual(
      conversation.turns.map((t) => [t.title, t.answer]),
      [
        ['01询问', '是的'],
        ['02有意向', ''],
      ],
    );
    const turns = (conversation.details.voiceTurns ?? []) as { replyFromCache?: boolean }[];
    assert.equal(turns.length, 1);
    assert.equal(turns[0]!.replyFromCache, true, 'the voice turn records the reply came from the cache');
  });
});
