// Voice activity on real audio: Mandarin utterances synthesised by espeak-ng with known pauses, run through
// the real Silero model (sherpa-onnx), at 8 kHz in 20 ms frames as they come off the phone line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Utterance } from '../../src/speech/speech.js';
import { verdictOf } from '../../src/speech/vad/in-thread-vad.js';
import { isDigitalSilence, SileroVad, type SileroVadOptions } from '../../src/speech/vad/silero-vad.js';
import { decodeG711, encodeG711 } from '../../src/telephony/rtp/g711.js';
import { UtteranceDetector, type TurnOptions } from '../../src/speech/vad/utterance-detector.js';
import { cough, frames, speak, timeline, type Span } from '../support/speech-audio.js';

function run(
  pcm: Int16Array,
  turn: Partial<TurnOptions> = {},
  options: SileroVadOptions = {},
): { utterances: Utterance[]; starts: number[]; vad: SileroVad } {
  const vad = new SileroVad(options);
  const detector = new UtteranceDetector(turn);
  const utterances: Utterance[] = [];
  const starts: number[] = [];
  for (const f of frames(pcm)) {
    for (const e of detector.accept(f, verdictOf(vad, f))) {
      if (e.type === 'utterance') utterances.push(e.utterance);
      else starts.push(e.atMs);
    }
  }
  return { utterances, starts, vad };
}

function assertNear(actual: number, expected: number, what: string, tolerance = 100): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual.toFixed(0)} ms, expected ${expected.toFixed(0)} ± ${tolerance}`,
  );
}

function assertSpan(u: Utterance | undefined, span: Span): void {
  assert.ok(u, `utterance ${span.label} found`);
  assertNear(u.startMs, span.startMs, `${span.label} start`);
  assertNear(u.endMs, span.endMs, `${span.label} end`);
}

describe('Silero VAD on synthesised speech', () => {
  it('finds each utterance within ±100 ms of where it was put, and ends the turn after the silence', () => {
    const { pcm, spans } = timeline([
      700,
      { label: 'greeting', pcm: speak('你好，我想了解一下这个课程') },
      1000,
      { label: '嗯', pcm: speak('嗯') },
      900,
      { label: 'refusal', pcm: speak('不需要，谢谢') },
      1200,
    ]);
    const { utterances, starts } = run(pcm);
    assert.equal(utterances.length, 3, JSON.stringify(utterances.map((u) => [u.startMs, u.endMs])));
    spans.forEach((span, i) => assertSpan(utterances[i], span));
    for (const u of utterances) {
      assertNear(u.decidedMs - u.endMs, 600, 'end of turn after the last voice', 40);
    }
    assert.deepEqual(
      utterances.map((u) => u.short),
      [false, true, false],
      '嗯 is short, the sentences are not',
    );
    assert.equal(starts.length, 3);
    starts.forEach((at, i) =>
      assert.ok(at - spans[i]!.startMs < 250, `start ${i} detected ${at - spans[i]!.startMs} ms after onset`),
    );
    const refusal = utterances[2]!;
    assertNear(
      (refusal.audio.length / 8000) * 1000,
      refusal.endMs - refusal.startMs + 200,
      'utterance audio covers the voice',
      40,
    );
  });

  it('a pause shorter than the end-of-turn silence stays inside the utterance; a shorter setting splits it', () => {
    const { pcm, spans } = timeline([
      500,
      { label: 'a', pcm: speak('是的') },
      420,
      { label: 'b', pcm: speak('我明天有空') },
      1000,
    ]);
    const normal = run(pcm, { endOfTurnMs: 600 }).utterances;
    assert.equal(normal.length, 1);
    assertNear(normal[0]!.startMs, spans[0]!.startMs, 'start');
    assertNear(normal[0]!.endMs, spans[1]!.endMs, 'end');
    const quick = run(pcm, { endOfTurnMs: 300 }).utterances;
    assert.equal(quick.length, 2, 'after a 是/不是 question the shorter silence ends the turn at the pause');
    assertSpan(quick[0], spans[0]!);
    assertSpan(quick[1], spans[1]!);
  });

  it('a callee who never stops is cut at the utterance cap, and what follows is the next utterance', () => {
    const talk: (number | { label: string; pcm: Int16Array })[] = [300];
    for (let i = 0; i < 4; i++) talk.push({ label: `s${i}`, pcm: speak('我跟你说这个事情真的很重要') }, 150);
    talk.push(1000);
    const { pcm, spans } = timeline(talk);
    const { utterances } = run(pcm, { maxUtteranceMs: 4000 });
    assert.ok(utterances.length >= 2, `${utterances.length} utterances`);
    const first = utterances[0]!;
    assert.equal(first.capped, true);
    assertNear(first.endMs - first.startMs, 4000, 'capped length', 40);
    const last = utterances.at(-1)!;
    assert.equal(last.capped, false);
    assertNear(last.endMs, spans.at(-1)!.endMs, 'end of the talk');
  });

  it('silence, a cough and low noise give no utterance', () => {
    const noise = new Int16Array(8000 * 2);
    let s = 3;
    for (let i = 0; i < noise.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = Math.round(((s / 0x7fffffff) * 2 - 1) * 300);
    }
    const { pcm } = timeline([
      2000,
      { label: 'cough', pcm: cough() },
      1500,
      { label: 'noise', pcm: noise },
      1000,
    ]);
    const { utterances } = run(pcm);
    assert.ok(
      utterances.every((u) => u.short),
      `only short bursts at most: ${JSON.stringify(utterances.map((u) => [u.startMs, u.endMs]))}`,
    );
  });
});

describe('digital silence is not given to the model', () => {
  it('G.711 idle patterns are digital silence; line noise and speech are not', () => {
    const idle = new Int16Array(160);
    for (const codec of ['PCMA', 'PCMU'] as const) {
      assert.ok(isDigitalSilence(decodeG711(codec, encodeG711(codec, idle))), `${codec} idle`);
    }
    const noise = Int16Array.from({ length: 160 }, (_, i) => (i % 3) - 1);
    assert.equal(isDigitalSilence(noise), false);
    assert.equal(isDigitalSilence(speak('嗯').subarray(800, 960)), false);
  });

  it('counts the silence between utterances without the model and still finds the boundaries', () => {
    const { pcm, spans } = timeline([
      700,
      { label: 'greeting', pcm: speak('你好，我想了解一下这个课程') },
      1500,
      { label: 'refusal', pcm: speak('不需要，谢谢') },
      1200,
    ]);
    // As it comes off an A-law line: the pauses are the idle pattern (a constant 8), not zeros.
    const line = decodeG711('PCMA', encodeG711('PCMA', pcm));
    const skipping = run(line);
    const judging = run(line, {}, { skipDigitalSilence: false });
    const total = Math.ceil(line.length / 160);
    assert.equal(judging.vad.skippedFrames, 0);
    assert.equal(skipping.vad.modelFrames + skipping.vad.skippedFrames, total);
    // The pauses (3.4 s of 6.6 s) less the silence that closes each spurt are skipped.
    assert.ok(skipping.vad.skippedFrames >= 120, `${skipping.vad.skippedFrames} of ${total} frames skipped`);
    assert.equal(skipping.utterances.length, 2);
    assert.equal(judging.utterances.length, 2);
    // Both within ±100 ms of where the utterances were put (the model's state across a skipped pause is
    // the state after a shorter silence, so the two runs may differ by a window or two).
    spans.forEach((span, i) => {
      assertSpan(skipping.utterances[i], span);
      assertSpan(judging.utterances[i], span);
    });
  });

  it('a call of digital silence only never reaches the model', () => {
    const { utterances, vad } = run(new Int16Array(8000 * 3));
    assert.deepEqual(utterances, []);
    assert.equal(vad.modelFrames, 0);
    assert.equal(vad.skippedFrames, 150);
    assert.equal(vad.nowMs, 3000, 'the clock counts the skipped audio');
  });
});
