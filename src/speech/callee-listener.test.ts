import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBackchannel } from './barge-in/barge-in-policy.js';
import { CalleeListener } from './callee-listener.js';
import type { AsrProvider, AsrResult, AsrStream, Vad, VoiceSpurt } from './speech.js';

/** A VAD that reports voice in the given tick ranges [from, to) and the spurt when it ends. */
class ScriptedVad implements Vad {
  #tick = 0;
  constructor(private readonly voice: readonly (readonly [number, number])[]) {}
  get nowMs(): number {
    return this.#tick * 20;
  }
  get speaking(): boolean {
    return this.voice.some(([a, b]) => this.#tick > a && this.#tick <= b);
  }
  accept(): readonly VoiceSpurt[] {
    this.#tick++;
    return this.voice
      .filter(([, b]) => this.#tick === b + 5)
      .map(([a, b]) => ({ startMs: a * 20, endMs: b * 20 }));
  }
  reset(): void {
    this.#tick = 0;
  }
  close(): void {}
}

const silentAsr: AsrProvider = {
  kind: 'test',
  streaming: false,
  open: (): AsrStream => ({
    write: () => undefined,
    onPartial: () => undefined,
    finish: (): Promise<AsrResult> => Promise.resolve({ status: 'recognised', text: '好', attempts: 1 }),
    abort: () => undefined,
  }),
};

function listen(voice: [number, number][], mode: 'voice' | 'off' | 'keyword'): number[] {
  let tick = 0;
  const stops: number[] = [];
  const listener = new CalleeListener({
    vad: new ScriptedVad(voice),
    asr: silentAsr,
    sink: {
      speechStarted: () => undefined,
      speechEnded: () => undefined,
      stopSpeaking: () => stops.push(tick),
      partial: () => undefined,
      final: () => undefined,
    },
  });
  listener.promptStarted(mode);
  const frame = new Int16Array(160);
  for (tick = 1; tick <= 200; tick++) listener.heard(frame);
  return stops;
}

describe('voice turn', () => {
  it('asks the prompt cache for the next lines when the callee starts, and records the turn timing', async () => {
    let now = 1000;
    const prepared: string[][] = [];
    const finals: string[] = [];
    const listener = new CalleeListener({
      vad: new ScriptedVad([[10, 40]]),
      asr: silentAsr,
      now: () => now,
      presynthesizer: { prepare: (texts) => prepared.push([...texts]), isReady: () => true },
      sink: {
        speechStarted: () => undefined,
        speechEnded: () => undefined,
        stopSpeaking: () => undefined,
        partial: () => undefined,
        final: (r) => finals.push(r.status),
      },
    });
    listener.listen({ nextPrompts: ['好的，打扰了', '那我给您介绍一下'] });
    const frame = new Int16Array(160);
    for (let i = 0; i < 100; i++) {
      listener.heard(frame);
      now += 20;
    }
    assert.deepEqual(prepared, [['好的，打扰了', '那我给您介绍一下']]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(finals, ['recognised']);
    listener.markDecision(now + 5);
    listener.markFirstReplyFrame(now + 30, true);
    const [turn] = listener.turns;
    assert.ok(turn);
    assert.ok(turn.speechStartAt < turn.speechEndAt && turn.speechEndAt < turn.endOfTurnAt);
    assert.equal(
      turn.endOfTurnAt - turn.speechEndAt,
      600 - 20 + 20 * 5 - 20 * 5 + 20,
      'end of turn 600 ms after the voice',
    );
    assert.deepEqual(
      [turn.decisionAt, turn.firstReplyFrameAt, turn.replyFromCache, turn.result],
      [now + 5, now + 30, true, 'recognised'],
    );
  });
});

describe('barge-in timing and backchannels', () => {
  it('stops the prompt in the very frame the voice qualifies (440 ms after it was detected), once', () => {
    // Voice detected at tick 11 (220 ms): 440 ms later is tick 33.
    assert.deepEqual(listen([[10, 100]], 'voice'), [33]);
  });

  it('short voice never qualifies; off and keyword modes never stop on voice', () => {
    assert.deepEqual(
      listen(
        [
          [10, 24],
          [60, 70],
        ],
        'voice',
      ),
      [],
    );
    assert.deepEqual(listen([[10, 100]], 'off'), []);
    assert.deepEqual(listen([[10, 100]], 'keyword'), []);
  });

  it('knows backchannels from answers', () => {
    for (const t of ['嗯', '嗯嗯。', '对', '对对对', '好的，', '喂？', '是', 'OK', '']) {
      assert.equal(isBackchannel(t), true, t);
    }
    for (const t of ['不是', '不需要', '好的我考虑一下', '你是谁', '对不起']) {
      assert.equal(isBackchannel(t), false, t);
    }
  });
});
