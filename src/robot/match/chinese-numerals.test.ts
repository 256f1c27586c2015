import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertChineseNumerals, parseChineseInteger } from './chinese-numerals.js';

describe('parseChineseInteger', () => {
  const cases: [string, number][] = [
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['一百零五', 105],
    ['一千九百八十', 1980],
    ['两万', 20000],
    ['三千二', 3200],
    ['一万五', 15000],
    ['幺三八', 138],
    ['二零二四', 2024],
  ];
  for (const [text, value] of cases) {
    it(`${text} → ${value}`, () => assert.equal(parseChineseInteger(text), value));
  }
});

describe('convertChineseNumerals', () => {
  it('converts numbers with units and measure words', () => {
    assert.equal(convertChineseNumerals('十五号还三千二百块'), '15号还3200块');
    assert.equal(convertChineseNumerals('孩子五岁'), '孩子5岁');
    assert.equal(convertChineseNumerals('三点五'), '3.5');
  });

  it('leaves single numerals that are words, not numbers', () => {
    assert.equal(convertChineseNumerals('考虑一下'), '考虑一下');
    assert.equal(convertChineseNumerals('有一点贵'), '有一点贵');
    assert.equal(convertChineseNumerals('一共'), '一共');
  });
});
