import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { cellText, numberText } from './cell-text.js';

void describe('numberText', () => {
  void it('prints integers in full, never in exponent form', () => {
    assert.equal(numberText(13800138000), '13800138000');
    assert.equal(numberText(8613800138000), '8613800138000');
    assert.equal(numberText(75526123456), '75526123456');
    assert.equal(numberText(-0), '0');
  });

  void it('removes binary float artefacts at 15 significant digits', () => {
    assert.equal(numberText(0.1 + 0.2), '0.3');
    assert.equal(numberText(1.2300000000000002), '1.23');
    assert.equal(numberText(13800138000.000002), '13800138000');
  });

  void it('renders non-finite numbers as blank', () => {
    assert.equal(numberText(Number.NaN), '');
    assert.equal(numberText(Number.POSITIVE_INFINITY), '');
  });
});

void describe('cellText', () => {
  void it('handles every exceljs value shape', () => {
    assert.equal(cellText('abc'), 'abc');
    assert.equal(cellText(null), '');
    assert.equal(cellText(undefined), '');
    assert.equal(cellText(true), 'TRUE');
    assert.equal(cellText({ richText: [{ text: '138' }, { text: '00138000' }] }), '13800138000');
    assert.equal(cellText({ formula: 'A1&B1', result: 13800138000 }), '13800138000');
    assert.equal(cellText({ sharedFormula: 'A1', result: 'x' }), 'x');
    assert.equal(cellText({ formula: 'A1' }), '');
    assert.equal(cellText({ text: '张三', hyperlink: 'http://x' }), '张三');
    assert.equal(cellText({ error: '#N/A' }), '#N/A');
    assert.equal(cellText(12n), '12');
  });

  void it('writes dates as wall-clock text, without a zero time', () => {
    assert.equal(cellText(new Date(Date.UTC(2024, 8, 24))), '2024-09-24');
    assert.equal(cellText(new Date(Date.UTC(2024, 8, 24, 9, 34, 25))), '2024-09-24 09:34:25');
    assert.equal(cellText(new Date(Number.NaN)), '');
  });
});
