import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_UTTERANCE_CHARS, normalizePhrase, normalizeUtterance } from './normalize.js';

describe('normalizeUtterance', () => {
  it('maps full-width letters, digits and punctuation to half width and lower case', () => {
    const u = normalizeUtterance('ＯＫ，１２３号！');
    assert.deepEqual(
      u.clauses.map((c) => c.text),
      ['ok', '123号'],
    );
  });

  it('splits clauses at punctuation and marks the one ending in a question mark', () => {
    const u = normalizeUtterance('好的，多少钱？');
    assert.deepEqual(
      u.clauses.map((c) => [c.text, c.question]),
      [
        ['好的', false],
        ['多少钱', true],
      ],
    );
  });

  it('removes fillers but keeps 额度 and 感恩', () => {
    assert.equal(normalizeUtterance('嗯，那个，呃我不需要啊').text, '我不需要');
    assert.equal(normalizeUtterance('额度是多少').text, '额度是多少');
    assert.equal(normalizeUtterance('感恩').text, '感恩');
  });

  it('reads filler-only utterances: 嗯 is yes, 啊？ and 嗯？ are "pardon", 呃 is hesitation', () => {
    assert.equal(normalizeUtterance('嗯嗯').fillerOnly, 'affirm');
    assert.equal(normalizeUtterance('啊？').fillerOnly, 'repeat');
    assert.equal(normalizeUtterance('嗯？').fillerOnly, 'repeat');
    assert.equal(normalizeUtterance('呃……').fillerOnly, 'hesitation');
    assert.equal(normalizeUtterance('哈哈哈').fillerOnly, 'hesitation');
    assert.equal(normalizeUtterance('嗯，是我').fillerOnly, null);
  });

  it('joins recogniser spaces inside Chinese but keeps them between Latin words', () => {
    assert.equal(normalizeUtterance('不 需要').text, '不需要');
    assert.equal(normalizeUtterance('power off').text, 'power off');
  });

  it('reads a space after a bare confirmation as a pause: the yes and what follows are two clauses', () => {
    const texts = (t: string) => normalizeUtterance(t).clauses.map((c) => c.text);
    assert.deepEqual(texts('是 什么事'), ['是', '什么事']);
    assert.deepEqual(texts('可以 收费吗'), ['可以', '收费吗']);
    assert.deepEqual(texts('好 不好'), ['好不好']);
    assert.deepEqual(texts('我是 他爸'), ['我是他爸']);
    assert.deepEqual(texts('行那就周末吧'), ['行', '那就周末吧']);
  });

  it('reads a stuttered 不 as one and common slips as the word meant', () => {
    assert.equal(normalizeUtterance('不不不需要').text, '不需要');
    assert.equal(normalizeUtterance('不感性趣').text, '不感兴趣');
    assert.equal(normalizeUtterance('你哪儿的').text, '你哪的');
    assert.equal(normalizeUtterance('啥事').text, '什么事');
  });

  it('reads a rhetorical 不是…吗 as the statement it makes', () => {
    const u = normalizeUtterance('我不是已经还了吗');
    assert.deepEqual([u.text, u.clauses[0]?.question], ['我已经还了', false]);
    assert.equal(normalizeUtterance('不是吗').text, '不是吗');
  });

  it('reads 怎么说呢 as a hesitation, not a question', () => {
    assert.equal(normalizeUtterance('怎么说呢').clauses[0]?.question, false);
    assert.equal(normalizeUtterance('怎么还').clauses[0]?.question, true);
  });

  it('shortens repeated characters and repeated short phrases', () => {
    assert.equal(normalizeUtterance('对对对对').text, '对对');
    assert.equal(normalizeUtterance('好的好的好的').text, '好的');
  });

  it('marks A-not-A questions so their 不 is not a negation, except a repeated 不是不是', () => {
    const q = normalizeUtterance('能不能分期');
    assert.equal(q.clauses[0]?.question, true);
    assert.deepEqual(q.clauses[0]?.aNotA, [[0, 3]]);
    assert.deepEqual(normalizeUtterance('不是不是').clauses[0]?.aNotA, []);
  });

  it('does not treat 没什么 / 不怎么 as questions', () => {
    assert.equal(normalizeUtterance('没什么兴趣').clauses[0]?.question, false);
    assert.equal(normalizeUtterance('不怎么感兴趣').clauses[0]?.question, false);
    assert.equal(normalizeUtterance('你们是什么公司').clauses[0]?.question, true);
  });

  it('converts numerals only in the numeric form', () => {
    const u = normalizeUtterance('下个月十五号还一千九百八十块');
    assert.equal(u.text, '下个月十五号还一千九百八十块');
    assert.equal(u.numeric, '下个月15号还1980块');
  });

  it('reads 您 as 你', () => {
    assert.equal(normalizeUtterance('请问您是哪里').text, '请问你是哪里');
  });

  it('treats empty, punctuation-only, emoji-only and non-string input as empty without throwing', () => {
    for (const input of ['', '   ', '。。？！', '😊😊', '🙂👍🏻', null, undefined, 42, {}]) {
      const u = normalizeUtterance(input);
      assert.equal(u.empty, true, JSON.stringify(input));
      assert.equal(u.text, '');
    }
  });

  it('cuts very long input and says so', () => {
    const u = normalizeUtterance('不需要'.repeat(4000));
    assert.equal(u.truncated, true);
    assert.equal(u.raw.length, MAX_UTTERANCE_CHARS);
  });
});

describe('normalizePhrase', () => {
  it('keeps phrase syntax characters and normalizes the rest', () => {
    assert.equal(normalizePhrase(' =ＯＫ '), '=ok');
    assert.equal(normalizePhrase('谁给你*(电话|号码)'), '谁给你*(电话|号码)');
    assert.equal(normalizePhrase('您 好，'), '你好');
  });
});
