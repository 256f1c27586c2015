import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAt, outcomeOf } from '../corpus/reply-accuracy.js';
import { courseScript } from '../demo-scripts/index.js';
import { compileScript } from '../script/compile-script.js';
import { exampleKey } from './example-matcher.js';
import { similarIntent } from './intent-examples.js';

const course = compileScript(courseScript);
const outcome = (node: string, text: string) => {
  const d = decideAt(course, node, text);
  return outcomeOf(d.node, d.decision).outcome;
};

describe('built-in intent examples', () => {
  it('a reply no lexicon phrase covers but close to an example is read as its intent', () => {
    assert.equal(similarIntent(exampleKey('我还得再合计一下'), () => true)?.value, 'hesitate');
    assert.equal(similarIntent(exampleKey('你刚讲的我没听懂'), () => true)?.value, 'repeat');
    assert.equal(outcome('intro', '我还得再合计一下'), 'objection_hesitate');
    assert.equal(outcome('intro', '这事我回去跟家里说一声'), 'objection_hesitate');
  });

  it('only intents the node handles are considered; unrelated and short replies stay a no-match', () => {
    assert.equal(
      similarIntent(exampleKey('我还得再合计一下'), (i) => i !== 'hesitate'),
      undefined,
    );
    assert.equal(outcome('intro', '北京欢迎你'), 'noMatch');
    assert.equal(
      similarIntent(exampleKey('那就'), () => true),
      undefined,
    );
  });

  it('never leads to an intent that ends the call', () => {
    for (const text of ['你打错了吧号码换人了', '以后不要再打来了', '您拨打的电话已关机']) {
      const hit = similarIntent(exampleKey(text), () => true);
      assert.ok(!hit || !['wrong_person', 'dont_call', 'answering_machine'].includes(hit.value), text);
    }
  });
});
