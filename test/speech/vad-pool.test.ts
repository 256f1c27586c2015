// The VAD pool on real audio: Silero detectors on worker threads find the same utterances as the same model
// run in this thread, calls do not disturb each other, and a worker that dies is replaced while its calls go
// on (an utterance under way ends as "not recognised / vadUnavailable", later ones are heard again).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FunAsrProvider } from '../../src/speech/asr/funasr-asr.js';
import { DEFAULT_ASR_TIMEOUTS } from '../../src/speech/asr/resilient-stream.js';
import { CalleeListener } from '../../src/speech/callee-listener.js';
import type { AsrResult, FrameVad, Utterance } from '../../src/speech/speech.js';
import { verdictOf } from '../../src/speech/vad/in-thread-vad.js';
import { SileroVad } from '../../src/speech/vad/silero-vad.js';
import { UtteranceDetector } from '../../src/speech/vad/utterance-detector.js';
import { VadPool } from '../../src/speech/vad/vad-pool.js';
import type { ToVadWorker } from '../../src/speech/vad/vad-protocol.js';
import { FunAsrStandin } from '../support/asr-standins/funasr-standin.js';
import { frames, speak, timeline } from '../support/speech-audio.js';

const boundaries = (us: readonly Utterance[]) => us.map((u) => [u.startMs, u.endMs, u.decidedMs, u.short]);

/** Waits (bounded, never by a fixed sleep) until `done()` holds. */
async function until(done: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Feeds `pcm` through a pooled detector a few frames per event-loop turn; resolves with the utterances. */
async function pooledUtterances(vad: FrameVad, pcm: Int16Array): Promise<Utterance[]> {
  const detector = new UtteranceDetector();
  const utterances: Utterance[] = [];
  let judged = 0;
  vad.start({
    verdict: (frame, verdict) => {
      judged++;
      for (const e of detector.accept(frame, verdict)) {
        if (e.type === 'utterance') utterances.push(e.utterance);
      }
    },
    lost: () => assert.fail('no worker died'),
  });
  let pushed = 0;
  for (const frame of frames(pcm)) {
    vad.push(frame);
    if (++pushed % 5 === 0) await new Promise((r) => setImmediate(r));
  }
  await until(() => judged === pushed, 'every frame judged');
  vad.close();
  return utterances;
}

describe('VAD pool (Silero on worker threads)', () => {
  const audio = timeline([
    700,
    { label: 'greeting', pcm: speak('你好，我想了解一下这个课程') },
    1000,
    { label: '嗯', pcm: speak('嗯') },
    900,
    { label: 'refusal', pcm: speak('不需要，谢谢') },
    1200,
  ]);
  let standin: FunAsrStandin;
  before(async () => {
    standin = await FunAsrStandin.start({ answer: () => '不需要谢谢', partialEveryBytes: 3200 });
  });
  after(() => standin.stop());

  it('finds the same utterance boundaries as the model in this thread, for calls judged side by side', async () => {
    const local = new SileroVad();
    const detector = new UtteranceDetector();
    const expected: Utterance[] = [];
    for (const f of frames(audio.pcm)) {
      for (const e of detector.accept(f, verdictOf(local, f))) {
        if (e.type === 'utterance') expected.push(e.utterance);
      }
    }
    assert.equal(expected.length, 3);
    const pool = new VadPool({ workers: 2, spares: 2 });
    try {
      await pool.warm();
      const calls = await Promise.all([0, 1, 2].map(() => pooledUtterances(pool.open(), audio.pcm)));
      for (const utterances of calls) assert.deepEqual(boundaries(utterances), boundaries(expected));
      // The detectors went back to their workers: a next call reuses one, on a clock of its own.
      assert.deepEqual(boundaries(await pooledUtterances(pool.open(), audio.pcm)), boundaries(expected));
    } finally {
      await pool.close();
    }
  });

  it('a killed worker is replaced: the utterance under way is not recognised, the call hears the next one', async () => {
    const pool = new VadPool({ workers: 1, spares: 1 });
    try {
      await pool.warm();
      const log: string[] = [];
      const finals: AsrResult[] = [];
      const heard: Utterance[] = [];
      const listener = new CalleeListener({
        vad: pool.open(),
        asr: new FunAsrProvider({
          url: standin.url,
          mode: '2pass',
          hotwordWeight: 20,
          itn: true,
          timeouts: DEFAULT_ASR_TIMEOUTS,
        }),
        sink: {
          speechStarted: () => log.push('start'),
          speechEnded: (_at, utterance) => {
            log.push('end');
            heard.push(utterance);
          },
          stopSpeaking: () => undefined,
          partial: () => undefined,
          final: (result) => {
            log.push('final');
            finals.push(result);
          },
        },
      });
      const all = [...frames(audio.pcm)];
      const greeting = audio.spans[0]!;
      // Up to the middle of the greeting: the callee is speaking when the worker dies.
      const middle = Math.round((greeting.startMs + greeting.endMs) / 2 / 20);
      let fed = 0;
      const feed = async (to: number) => {
        for (; fed < to; fed++) {
          listener.heard(all[fed]!);
          if (fed % 5 === 4) await new Promise((r) => setImmediate(r));
        }
      };
      await feed(middle);
      await until(() => log.includes('start'), 'the greeting heard');
      const dead = pool.threads[0]!;
      const deadId = dead.threadId;
      // Killed from outside, as a fatal error in the thread would end it (exit code 1).
      dead.postMessage({ type: 'stop', code: 1 } satisfies ToVadWorker);
      await until(() => finals.length === 1, 'the cut utterance answered');
      assert.deepEqual(log, ['start', 'end', 'final']);
      assert.equal(finals[0]!.status, 'notRecognised');
      assert.equal(finals[0]!.status === 'notRecognised' && finals[0]!.reason, 'vadUnavailable');
      await until(() => pool.threads.length === 1 && pool.threads[0]!.threadId !== deadId, 'a new worker');
      assert.equal(pool.restarts, 1);
      await pool.warm();
      // The rest of the call (the greeting's second half, 嗯, the refusal) is heard by the new worker's
      // detector and recognised.
      await feed(all.length);
      await until(() => finals.length === 4, 'the later utterances recognised');
      // On the call's own audio clock, as before the worker died.
      const refusal = audio.spans[2]!;
      const last = heard[3]!;
      assert.ok(Math.abs(last.startMs - refusal.startMs) <= 100, `refusal starts at ${last.startMs}`);
      assert.ok(Math.abs(last.endMs - refusal.endMs) <= 100, `refusal ends at ${last.endMs}`);
      assert.deepEqual(
        listener.turns.map((t) => t.result),
        ['vadUnavailable', 'recognised', 'recognised', 'recognised'],
      );
      listener.close();
    } finally {
      await pool.close();
    }
  });
});
