import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAIL_RE_REASONS, NEVER_REDIAL, parseReasons } from './fail-reasons.js';

describe('fail reasons', () => {
  it('never requeues 空号 or 停机 on failRe but keeps every other end reason', () => {
    assert.deepEqual([...NEVER_REDIAL].sort(), ['停机', '空号'].sort());
    assert.ok(!FAIL_RE_REASONS.includes('空号'));
    assert.ok(!FAIL_RE_REASONS.includes('停机'));
    for (const r of ['关机', '无人应答', '暂停服务', '呼叫限制', '其他']) {
      assert.ok(FAIL_RE_REASONS.includes(r), r);
    }
  });

  it('splits known and unknown reasons, trimming, splitting on 、 and deduplicating', () => {
    assert.deepEqual(parseReasons([' 关机', '关机、无人应答', '', '忙']), {
      reasons: ['关机', '无人应答'],
      unknown: ['忙'],
    });
  });
});
