import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alawToLinear,
  decodeG711,
  encodeG711,
  linearToAlaw,
  linearToUlaw,
  SILENCE_BYTE,
  ulawToLinear,
} from './g711.js';

describe('G.711', () => {
  it('encodes the reference values (ITU-T G.711 tables)', () => {
    assert.equal(linearToUlaw(0), 0xff);
    assert.equal(linearToUlaw(-1), 0x7f);
    assert.equal(linearToUlaw(32767), 0x80);
    assert.equal(linearToUlaw(-32768), 0x00);
    assert.equal(linearToAlaw(0), 0xd5);
    assert.equal(linearToAlaw(32767), 0xaa);
    assert.equal(linearToAlaw(-32768), 0x2a);
    assert.equal(SILENCE_BYTE.PCMU, linearToUlaw(0));
    assert.equal(SILENCE_BYTE.PCMA, linearToAlaw(0));
  });

  it('round-trips every code byte exactly (decode then encode)', () => {
    for (let b = 0; b < 256; b++) {
      if (b !== 0x7f) assert.equal(linearToUlaw(ulawToLinear(b)), b, `μ-law ${b}`); // 0x7f/0xff both mean 0
      assert.equal(linearToAlaw(alawToLinear(b)), b, `A-law ${b}`);
    }
  });

  it('keeps a sine wave within the quantisation error', () => {
    const samples = Int16Array.from({ length: 160 }, (_, i) =>
      Math.round(12000 * Math.sin((2 * Math.PI * i) / 20)),
    );
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const back = decodeG711(codec, encodeG711(codec, samples));
      for (let i = 0; i < samples.length; i++) {
        const err = Math.abs((back[i] as number) - (samples[i] as number));
        assert.ok(err <= Math.abs(samples[i] as number) / 16 + 16, `${codec} sample ${i}: error ${err}`);
      }
    }
  });
});
