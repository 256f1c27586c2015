// The echo gate on the robot's real (espeak) prompt coming back over G.711 at the delays and levels a line or
// a looping far end returns it: the echo is muted whatever the delay, also at 0 dB; the callee talking over
// the prompt still gets through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EchoGate, rms } from '../../src/speech/vad/echo-gate.js';
import { decodeG711, encodeG711 } from '../../src/telephony/rtp/g711.js';
import { frames, speak } from '../support/speech-audio.js';

const overG711 = (pcm: Int16Array) => decodeG711('PCMA', encodeG711('PCMA', pcm));
const prompt = [...frames(speak('您好，这里是客服中心，请问您现在方便接听电话吗'))].map(overG711);

/** Runs the prompt through the gate with its echo (× gain, `delay` frames late) plus `callee`; frames let through. */
function run(delay: number, gain: number, callee?: Int16Array[]) {
  const gate = new EchoGate();
  let loudEcho = 0;
  const through: number[] = [];
  for (let t = 0; t < prompt.length + delay; t++) {
    gate.played(prompt[t]);
    const src = prompt[t - delay];
    const echo = src ? Int16Array.from(src, (x) => Math.round(x * gain)) : new Int16Array(160);
    const voice = callee?.[t];
    const inbound = overG711(voice ? Int16Array.from(echo, (x, i) => x + voice[i]!) : echo);
    if (rms(echo) > 300) loudEcho++;
    // Near-silent frames let through are no voice to any detector: only audible ones count.
    if (rms(gate.filter(inbound)) > 300) through.push(t);
  }
  return { loudEcho, through };
}

describe('EchoGate', () => {
  for (const gain of [0.25, 0.5, 1]) {
    it(`mutes the prompt's echo at ${Math.round(20 * Math.log10(gain))} dB whatever its delay (20–200 ms)`, () => {
      for (const delay of [1, 2, 3, 5, 10]) {
        const { loudEcho, through } = run(delay, gain);
        assert.ok(loudEcho > 100);
        // The VAD needs voice sustained over several frames: isolated frames let through are not speech.
        assert.ok(
          through.length <= loudEcho * 0.02,
          `delay ${delay}: ${through.length} of ${loudEcho} through`,
        );
        const runs = through.filter((t, i) => through[i + 1] === t + 1 && through[i + 2] === t + 2);
        assert.deepEqual(runs, [], `delay ${delay}: no three frames in a row`);
      }
    });
  }

  it('lets the callee through when they talk over a −12 dB echo', () => {
    const callee = [...frames(speak('我现在没时间，你们别打了'))].map(overG711);
    const start = 75; // 1.5 s into the prompt, once the path is learnt
    const overlapping = Array<Int16Array | undefined>(start).fill(undefined).concat(callee);
    const { through } = run(2, 0.25, overlapping as Int16Array[]);
    const calleeLoud = callee.filter((f) => rms(f) > 1000).length;
    const heard = through.filter((t) => t >= start).length;
    assert.ok(heard >= calleeLoud * 0.6, `${heard} frames of the callee heard, ${calleeLoud} loud`);
  });
});
