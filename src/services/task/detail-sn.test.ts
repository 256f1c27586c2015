import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detailSn, detailTypeOf, parseDetailSn } from './detail-sn.js';

describe('detail sn', () => {
  it('round-trips a row id', () => {
    assert.equal(detailSn('42'), 'dial_task_detail_sn|42');
    assert.equal(parseDetailSn(detailSn(42)), '42');
  });

  it('accepts a bare id as text or number', () => {
    assert.equal(parseDetailSn(' 7 '), '7');
    assert.equal(parseDetailSn(7), '7');
  });

  it('rejects other prefixes, junk, zero, negatives and oversized ids', () => {
    for (const bad of ['dial_task_main_sn|42', 'abc', '', '0', '-3', '1'.repeat(19), 1.5, null, {}, '4 2']) {
      assert.equal(parseDetailSn(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('detailTypeOf', () => {
  it('is 1 for a fresh or finally done number', () => {
    assert.equal(detailTypeOf({ status: 0, attempts: 0 }), 1);
    assert.equal(detailTypeOf({ status: 2, attempts: 1 }), 1);
    assert.equal(detailTypeOf({ status: 3, attempts: 0 }), 1);
  });

  it('is 2 for a number waiting for or in a redial', () => {
    assert.equal(detailTypeOf({ status: 5, attempts: 1 }), 2);
    assert.equal(detailTypeOf({ status: 0, attempts: 1 }), 2);
    assert.equal(detailTypeOf({ status: 2, attempts: 3 }), 2);
  });
});
