import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toFragment, toFragmentTurn } from './turn-format.js';

describe('turn format', () => {
  it('gives every 6.4 field, with defaults for missing ones', () => {
    const t = toFragmentTurn({ caption: '您好', title: '01打招呼+开场白', answer: '嗯', score: '80' });
    assert.deepEqual(t, {
      vocfile: '',
      caption: '您好',
      title: '01打招呼+开场白',
      answer: '嗯',
      fenduanluyin: '',
      outType: 0,
      is_answer: 1,
      score: 80,
      labelling: '',
      process_code: '',
    });
    assert.equal(toFragmentTurn({ caption: '再见' }).is_answer, 0);
    assert.equal(toFragmentTurn({ is_answer: 0, answer: '嗯' }).is_answer, 0);
  });

  it('nests the turns in one group and skips junk entries', () => {
    const f = toFragment([{ caption: 'a' }, null, 3, { caption: 'b' }]);
    assert.equal(f.length, 1);
    assert.deepEqual(
      f[0]!.map((t) => t.caption),
      ['a', 'b'],
    );
    assert.deepEqual(toFragment('not an array'), [[]]);
  });

  it('does not show the unmatched marker', () => {
    assert.equal(toFragmentTurn({ labelling: 'no_match' }).labelling, '', 'the marker is not shown');
  });
});
