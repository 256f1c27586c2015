import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAt, outcomeOf } from './corpus/reply-accuracy.js';
import { courseScript, paymentScript } from './demo-scripts/index.js';
import { compileScript } from './script/compile-script.js';
import { createSession } from './session.js';

const scripts = [compileScript(courseScript), compileScript(paymentScript)];

/** The input classes the recogniser can deliver besides ordinary speech. */
const BAD: Record<string, string> = {
  empty: '',
  blank: '   ',
  veryLong: '嗯那个就是说'.repeat(2_000),
  mixedLanguage: 'hello 我想 ask 一下 about the 课 ok',
  emojiOnly: '😂😂👍',
  digitsOnly: '13800138000',
  shortDigits: '6',
  punctuationOnly: '。。？！',
  repeatedPhrase: '喂喂喂喂喂喂喂喂喂喂喂喂',
  repeatedWord: '不需要'.repeat(300),
  longWithMeaning: `${'嗯'.repeat(600)}好的`,
  otherScripts: 'ありがとう 감사합니다 спасибо',
  digitsInSpeech: '138 0013 8000 这是我微信',
  emojiAndWords: '👍👍好的👍',
  controlCharacters: '\u0000\u0007不\u200b需要\ufeff',
};

describe('bad input reaches a defined branch at every listening node', () => {
  for (const script of scripts) {
    for (const node of script.nodes.values()) {
      if (node.kind !== 'say' || !node.listen) continue;
      it(`${script.name} ${node.id}`, () => {
        for (const [name, text] of Object.entries(BAD)) {
          const { decision } = decideAt(script, node.id, text);
          const { outcome } = outcomeOf(node, decision);
          const known =
            outcome === 'repeat' ||
            outcome === 'noMatch' ||
            script.nodes.has(outcome) ||
            script.responders.some((r) => outcome === `global ${r.id}` || outcome === `knowledge ${r.title}`);
          assert.ok(known, `${name} → ${outcome}`);
          // Never read as a wrong number or a do-not-call request: both end the call.
          assert.ok(!['wrong_person', 'dont_call'].includes(decision.intent), `${name} → ${decision.intent}`);
        }
      });
    }
  }
});

describe('bad input through a whole call', () => {
  const course = scripts[0]!;

  it('empty and emoji-only replies count as silence, digits and long noise as no-match, "喂喂…" as repeat', () => {
    const session = createSession(course, { 姓名: '王小明' });
    session.start();
    const kinds: string[] = [];
    for (const text of ['', '😂😂👍', '13800138000', BAD.veryLong!, BAD.repeatedPhrase!]) {
      session.onUserText(text, true);
    }
    const r = session.onHangup('callee');
    for (const t of r.turns) if (t.match) kinds.push(t.match.kind);
    assert.deepEqual(kinds, ['silence', 'noise', 'noMatch', 'noMatch', 'repeat']);
    assert.deepEqual(r.errors, []);
    assert.ok(r.turns.every((t) => (t.heard ?? '').length <= 500));
  });

  it('the same unplaceable reply again and again ends at the fallback after maxNoMatch', () => {
    const session = createSession(course, { 姓名: '王小明' });
    session.start();
    for (let i = 0; i < course.definition.settings.maxNoMatch; i++) {
      const actions = session.onUserText('13800138000', true);
      assert.ok(
        actions.some((a) => a.type === 'listen'),
        `no-match ${i + 1} asks again`,
      );
    }
    const last = session.onUserText('13800138000', true);
    assert.ok(last.some((a) => a.type === 'hangup'));
    assert.equal(session.onHangup('robot').hangupNode, undefined);
    assert.ok(session.ended);
  });

  it('mixed Chinese and English is understood ("ok 可以" is a yes)', () => {
    const { node, decision } = decideAt(course, 'intro', 'ok 可以 sure');
    assert.equal(outcomeOf(node, decision).outcome, 'schedule');
  });
});
