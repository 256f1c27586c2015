import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { courseScript } from '../demo-scripts/index.js';
import { compileScript } from '../script/compile-script.js';
import type { ScriptDefinition } from '../script/script-schema.js';
import { validateScript } from '../script/validate-script.js';
import { decideAt, measureReplies, outcomeOf } from './reply-accuracy.js';
import { parseReplyCorpus } from './reply-corpus.js';

const heldOut = ['replies-heldout.txt', 'replies-heldout-fresh.txt']
  .flatMap((file) =>
    parseReplyCorpus(readFileSync(new URL(`../../../test/fixtures/robot/${file}`, import.meta.url), 'utf8')),
  )
  .filter((i) => i.script === 'course');

function withLearned(learned: ScriptDefinition['learned']): ScriptDefinition {
  return { ...courseScript, learned: [...courseScript.learned, ...learned] };
}

const outcome = (script: ReturnType<typeof compileScript>, node: string, text: string) => {
  const d = decideAt(script, node, text);
  return outcomeOf(d.node, d.decision).outcome;
};

describe('learning from labelled replies', () => {
  const missed = '娃儿还在吃奶呢';
  const asked = '你们有营业执照没';
  const before = compileScript(courseScript);
  const after = compileScript(
    withLearned([
      { text: missed, node: 'intro', branch: 'intro#3' },
      { text: asked, node: 'intro', global: 'who_are_you' },
    ]),
  );

  it('a reply missed before is matched after labelling, said the same way or close to it', () => {
    assert.equal(outcome(before, 'intro', missed), 'noMatch');
    assert.equal(outcome(after, 'intro', missed), 'objection_age');
    assert.equal(outcome(after, 'intro', '嗯 我家娃儿还在吃奶呢'), 'objection_age');
    assert.equal(outcome(before, 'schedule', asked), 'noMatch');
    // A global handler or knowledge item answers at every node; a branch only at its own.
    assert.equal(outcome(after, 'schedule', asked), 'global who_are_you');
    assert.equal(outcome(after, 'schedule', missed), 'noMatch');
  });

  it('does not lower the held-out accuracy', () => {
    const scripts = (s: ReturnType<typeof compileScript>) => new Map([['course', s]]);
    const was = measureReplies(heldOut, scripts(before));
    const now = measureReplies(heldOut, scripts(after));
    assert.ok(now.correct >= was.correct, `${now.correct} < ${was.correct}`);
  });

  it('rejects an example without exactly one existing target', () => {
    const problems = (learned: ScriptDefinition['learned']) =>
      validateScript(withLearned(learned)).problems.map((p) => p.path);
    assert.deepEqual(problems([{ text: '好', node: 'intro' }]), ['learned[0]']);
    assert.deepEqual(problems([{ text: '好', node: 'intro', branch: 'intro#99' }]), ['learned[0].branch']);
    assert.deepEqual(problems([{ text: '好', global: 'nope' }]), ['learned[0].global']);
    assert.deepEqual(problems([{ text: '好', asks_sn: 'asks|x' }]), ['learned[0].asks_sn']);
    assert.deepEqual(problems([{ text: '好', node: 'end_busy', global: 'who_are_you' }]), [
      'learned[0].node',
    ]);
  });
});
