import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNegated, negationBefore } from './negation.js';
import { normalizeUtterance } from './normalize.js';

const clause = (text: string) => {
  const c = normalizeUtterance(text).clauses[0];
  assert.ok(c);
  return c;
};

describe('negationBefore', () => {
  it('sees a negator directly before a word, across degree words', () => {
    assert.equal(isNegated(clause('不需要'), 1), true);
    assert.equal(isNegated(clause('不太需要'), 2), true);
    assert.equal(isNegated(clause('不是很需要'), 3), true);
    assert.equal(isNegated(clause('没什么兴趣'), 3), true);
  });

  it('counts a double negative as positive', () => {
    const scope = negationBefore(clause('不是不想'), 3);
    assert.equal(scope.count, 2);
    assert.equal(scope.prefixStart, 0);
    assert.equal(isNegated(clause('不是不想'), 3), false);
  });

  it('ignores 不 inside an A-not-A question and words far away', () => {
    assert.equal(isNegated(clause('要不要报名'), 3), false);
    assert.equal(isNegated(clause('还不错'), 1), false);
    assert.equal(isNegated(clause('不我今天真的特别想要'), 8), false);
  });
});
