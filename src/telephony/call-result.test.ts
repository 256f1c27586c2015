import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CALL_RESULTS,
  CallResult,
  END_REASONS,
  callResultFromCode,
  callResultInfo,
  countsAsAttempt,
  endReasonOf,
  isNeverRetryable,
  parseEndReasons,
} from './call-result.js';

void describe('call results', () => {
  void it('keeps the vendor number-status codes 2–9 of 6.5', () => {
    const byCode = Object.fromEntries(
      [2, 3, 4, 5, 6, 7, 8, 9].map((c) => [c, callResultInfo(callResultFromCode(c)!).name]),
    );
    assert.deepEqual(byCode, {
      2: '关机',
      3: '空号',
      4: '停机',
      5: '正在通话中',
      6: '用户拒接',
      7: '无法接通',
      8: '暂停服务',
      9: '用户正忙',
    });
    assert.equal(callResultFromCode(1), 'answered');
    assert.equal(callResultFromCode(15), 'other');
    assert.equal(callResultFromCode(99), undefined);
  });

  void it('gives every callee outcome its own code, and our-side failures 其他', () => {
    const callee = Object.values(CALL_RESULTS).filter((i) => i.family === 'callee');
    assert.equal(new Set(callee.map((i) => i.code)).size, callee.length);
    for (const local of ['cancelled', 'lineDown', 'lineFull', 'lineRateLimited', 'lineError'] as const) {
      assert.equal(endReasonOf(local), '其他');
      assert.equal(countsAsAttempt(local), false);
    }
  });

  void it('never retries 空号 and 停机, retries the other failures', () => {
    const never = Object.values(CallResult).filter((r) => isNeverRetryable(r));
    assert.deepEqual(never.sort(), ['suspended', 'vacant']);
    assert.equal(CALL_RESULTS.busy.retry, 'later');
    assert.equal(CALL_RESULTS.answered.retry, 'none');
    assert.equal(countsAsAttempt('noAnswer'), true);
  });

  void it('lists every §4.6 end reason, each naming at least one result', () => {
    for (const reason of [
      '关机',
      '空号',
      '来电提醒',
      '稍后再拨',
      '停机',
      '无法接通',
      '正在通话中',
      '用户正忙',
      '用户拒接',
      '欠费',
      '无人应答',
      '其他',
    ]) {
      assert.ok(END_REASONS.includes(reason), reason);
    }
    for (const reason of END_REASONS) assert.equal(parseEndReasons(reason).results.size > 0, true, reason);
  });

  void it('parses fail_recall_of_reason liberally and reports unknown words', () => {
    const parsed = parseEndReasons('关机，无人应答、 用户正忙,,其他,火星');
    assert.deepEqual([...parsed.results].sort(), [
      'busy',
      'cancelled',
      'lineDown',
      'lineError',
      'lineFull',
      'lineRateLimited',
      'noAnswer',
      'other',
      'poweredOff',
    ]);
    assert.deepEqual(parsed.unknown, ['火星']);
    assert.equal(parseEndReasons('').results.size, 0);
  });

  void it('round-trips a client example of fail_recall_of_reason', () => {
    const text = '关机,来电提醒,稍后再拨,停机,无法接通,正在通话中,用户正忙,用户拒接,欠费,无人应答,其他';
    const parsed = parseEndReasons(text);
    assert.deepEqual(parsed.unknown, []);
    for (const r of [
      'poweredOff',
      'callReminder',
      'callLater',
      'suspended',
      'unreachable',
      'inCall',
      'busy',
      'rejected',
      'arrears',
      'noAnswer',
      'other',
    ] as const) {
      assert.ok(parsed.results.has(r), r);
    }
    assert.equal(parsed.results.has('vacant'), false);
  });
});
