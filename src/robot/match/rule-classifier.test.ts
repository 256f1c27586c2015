import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { measureAccuracy, type LabelledUtterance } from './accuracy.js';
import { BUILTIN_INTENTS } from './intents.js';
import { normalizeUtterance } from './normalize.js';
import { classifyIntent } from './rule-classifier.js';

const intentOf = (text: string) => classifyIntent(normalizeUtterance(text)).intent;
const load = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/robot/${name}`, import.meta.url), 'utf8'),
  ) as LabelledUtterance[];

describe('classifyIntent', () => {
  it('keeps 不需要 apart from 需要 and reads degree-word negations', () => {
    assert.equal(intentOf('需要的'), 'affirm');
    assert.equal(intentOf('不需要'), 'refuse');
    assert.equal(intentOf('不太需要'), 'refuse');
    assert.equal(intentOf('我对这个没有兴趣'), 'refuse');
  });

  it('reads double negatives as yes', () => {
    assert.equal(intentOf('不是不需要'), 'affirm');
    assert.equal(intentOf('不是不想了解'), 'affirm');
  });

  it('lets a do-not-call request override everything else', () => {
    assert.equal(intentOf('不需要，以后别打了'), 'dont_call');
    assert.equal(intentOf('别打了，不需要'), 'dont_call');
  });

  it('answers a question said after a yes, and a refusal said after a question', () => {
    assert.equal(intentOf('好的好的，多少钱'), 'price');
    assert.equal(intentOf('你是谁啊，我不需要'), 'refuse');
    assert.equal(intentOf('没兴趣，你们哪来的我电话'), 'how_got_number');
  });

  it('does not read questions as yes (可以…吗, 有没有, 是不是)', () => {
    assert.equal(intentOf('可以线上学吗'), 'none');
    assert.equal(intentOf('有没有周末班'), 'none');
    assert.equal(intentOf('能不能分期'), 'none');
  });

  it('prefers busy over a yes and a refusal over busy', () => {
    assert.equal(intentOf('不是不想，就是现在没空'), 'busy');
    assert.equal(intentOf('不需要，我在忙'), 'refuse');
  });

  it('recognises answering machines, even when they sound like a question', () => {
    assert.equal(intentOf('你好，我是机主的智能助理，有什么可以帮您'), 'answering_machine');
  });

  it('returns none with score 0 for empty input and scores matches 60–100', () => {
    assert.deepEqual(classifyIntent(normalizeUtterance('')), { intent: 'none', score: 0, evidence: [] });
    const r = classifyIntent(normalizeUtterance('不需要'));
    assert.equal(r.score, 100);
    assert.ok(classifyIntent(normalizeUtterance('我觉得吧这个东西我暂时不需要')).score < 100);
  });
});

describe('labelled utterance sets', () => {
  for (const name of ['utterances.json', 'utterances-holdout.json']) {
    it(`${name}: every label is a built-in intent, and accuracy stays at or above 95%`, () => {
      const items = load(name);
      for (const item of items) {
        assert.ok((BUILTIN_INTENTS as readonly string[]).includes(item.expected), item.expected);
      }
      const report = measureAccuracy(items);
      assert.ok(items.length >= 100);
      assert.ok(report.accuracy >= 0.95, `accuracy ${report.accuracy}: ${JSON.stringify(report.misses)}`);
    });
  }

  it('the main set has at least 200 utterances', () => {
    assert.ok(load('utterances.json').length >= 200);
  });
});
