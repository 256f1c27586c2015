// Answering machines and carrier audio told apart by shape, on synthesised speech through the real VAD.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShapeAnswerClassifier } from '../../src/speech/amd/shape-answer-classifier.js';
import type { AnswerVerdict } from '../../src/speech/speech.js';
import { SileroVad } from '../../src/speech/vad/silero-vad.js';
import { frames, speak, timeline } from '../support/speech-audio.js';

function classify(pcm: Int16Array, phase: 'answered' | 'earlyMedia'): AnswerVerdict | undefined {
  const vad = new SileroVad();
  const classifier = new ShapeAnswerClassifier({ phase });
  for (const f of frames(pcm)) {
    vad.accept(f);
    const verdict = classifier.accept(f, vad.speaking);
    if (verdict) return verdict;
  }
  return classifier.verdict;
}

function tone(hz: number, ms: number): Int16Array {
  const out = new Int16Array((ms * 8000) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

describe('answer classifier (audio shape)', () => {
  it('a person: a short 喂 then waiting', () => {
    const v = classify(timeline([600, { label: 'hello', pcm: speak('喂，你好') }, 3000]).pcm, 'answered');
    assert.equal(v?.class, 'human', v?.reason);
  });

  it('a machine: a long greeting without a pause', () => {
    const greeting = speak(
      '您好，您拨打的用户暂时无法接通，请在提示音后留言，留言结束后请挂机，谢谢您的来电',
    );
    const v = classify(timeline([300, { label: 'greeting', pcm: greeting }, 1000]).pcm, 'answered');
    assert.equal(v?.class, 'machine', v?.reason);
  });

  it('silence after the answer is unknown, not a machine', () => {
    assert.equal(classify(new Int16Array(8000 * 7), 'answered')?.class, 'unknown');
  });

  it('early media: the 450 Hz ringback tone, and an operator announcement', () => {
    assert.equal(
      classify(timeline([200, { label: 'ring', pcm: tone(450, 1000) }, 4000]).pcm, 'earlyMedia')?.class,
      'ringback',
    );
    const announcement = speak('您拨打的电话已停机');
    const v = classify(
      timeline([300, { label: 'a', pcm: announcement }, 200, { label: 'b', pcm: announcement }, 1000]).pcm,
      'earlyMedia',
    );
    assert.equal(v?.class, 'announcement', v?.reason);
  });
});
