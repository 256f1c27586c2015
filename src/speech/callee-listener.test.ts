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

describe('barge-in timing and backchannels', () => {
  it('stops the prompt in the very frame the voice qualifies (320 ms after it was detected), once', () => {
    // Voice detected at tick 11 (220 ms): 320 ms later is tick 27.
    assert.deepEqual(listen([[10, 100]], 'voice'), [27]);
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
