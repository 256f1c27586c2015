import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PhraseMatcher, isValidPhrase } from './phrase-matcher.js';

const matcher = (phrases: (string | [string, number])[]) =>
  new PhraseMatcher(
    phrases.map((p) =>
      typeof p === 'string' ? { phrase: p, value: p } : { phrase: p[0], value: p[0], priority: p[1] },
    ),
  );

describe(PhraseMatcher.name, () => {
  it('finds literal phrases anywhere in a clause', () => {
    assert.deepEqual(
      matcher(['需要'])
        .select('我需要了解')
        .map((h) => [h.start, h.end]),
      [[1, 3]],
    );
  });

  it('resolves overlaps to the longest phrase (不需要 over 需要)', () => {
    const hits = matcher(['需要', '不需要']).select('我不需要');
    assert.deepEqual(
      hits.map((h) => h.entry.value),
      ['不需要'],
    );
  });

  it('lets explicit priority beat length', () => {
    const hits = matcher(['下午三点', ['下午', 5]]).select('下午三点');
    assert.deepEqual(
      hits.map((h) => h.entry.value),
      ['下午'],
    );
  });

  it('matches = phrases only as the whole clause and ^ phrases only at its start', () => {
    const m = matcher(['=是', '^没']);
    assert.equal(m.select('是').length, 1);
    assert.equal(m.select('是不是').length, 0);
    assert.equal(m.select('没有').length, 1);
    assert.equal(m.select('还没有').length, 0);
  });

  it('supports gaps and alternatives', () => {
    const m = matcher(['谁给你*(电话|号码)']);
    assert.equal(m.select('谁给你的我的电话').length, 1);
    assert.equal(m.select('谁给你的号码').length, 1);
    assert.equal(m.select('谁给你发的邮件啊电话').length, 0);
  });

  it('skips blank phrases and rejects unbalanced groups', () => {
    assert.equal(matcher(['', '  ', '*']).size, 0);
    assert.equal(isValidPhrase('(电话|号码'), false);
    assert.equal(isValidPhrase('上午|早上'), true);
    assert.equal(isValidPhrase('='), false);
  });
});
