import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAIL_RE_REASONS, parseReasons } from './fail-reasons.js';

describe('fail reasons', () => {
  it('never requeues 空号 or 停机 on failRe but keeps the rest of §4.6', () => {
    assert.ok(!FAIL_RE_REASONS.includes('空号'));
    assert.ok(!FAIL_RE_REASONS.includes('停机'));
    assert.ok(FAIL_RE_REASONS.includes('无人应答'));
    assert.equal(FAIL_RE_REASONS.length, 10);
  });

  it('splits known and unknown reasons, trimming and deduplicating', () => {
    assert.deepEqual(parseReasons([' 关机', '关机', '', '忙', '无人应答']), {
      reasons: ['关机', '无人应答'],
      unknown: ['忙'],
    });
  });
});
