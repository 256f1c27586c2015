import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NumberStatus } from '../task/task-status.js';
import {
  decideNumberChange,
  LINE_BUSY_RETRY_MS,
  LINE_FAULT_RETRY_MS,
  readFailRecall,
} from './number-outcome.js';

const now = new Date('2025-01-06T02:00:00Z');
const off = { enabled: false, times: 0, interval: 0, reasons: [] };
const busyTwice = { enabled: true, times: 2, interval: 30, reasons: ['用户正忙', '空号', '停机', '其他'] };

describe('decideNumberChange', () => {
  it('answered: done, counted as sent once and as a success', () => {
    const c = decideNumberChange('answered', 0, busyTwice, now);
    assert.deepEqual(
      [c.status, c.attemptsInc, c.lastResult, c.writesRecord, c.counters],
      [NumberStatus.done, 1, 'answered', true, { send: 1, success: 1, fail: 0, stops: 0 }],
    );
    assert.equal(
      decideNumberChange('answered', 1, busyTwice, now).counters.send,
      0,
      'a redial is not a new send',
    );
  });

  it('selected reason with redials left: waits the interval, not yet a failure', () => {
    const c = decideNumberChange('busy', 0, busyTwice, now);
    assert.equal(c.status, NumberStatus.recallWaiting);
    assert.deepEqual(c.nextAttemptAt, new Date(now.getTime() + 30 * 60_000));
    assert.deepEqual(c.counters, { send: 1, success: 0, fail: 0, stops: 0 });
    assert.equal(decideNumberChange('busy', 1, busyTwice, now).status, NumberStatus.recallWaiting);
  });

  it('redials used up, reason not selected, or recall off: done and failed', () => {
    for (const [result, before, recall] of [
      ['busy', 2, busyTwice],
      ['noAnswer', 0, busyTwice],
      ['busy', 0, off],
    ] as const) {
      const c = decideNumberChange(result, before, recall, now);
      assert.equal(c.status, NumberStatus.done, `${result} after ${before}`);
      assert.equal(c.counters.fail, 1);
    }
  });

  it('never redials 空号 or 停机, even when selected', () => {
    for (const result of ['vacant', 'suspended'] as const) {
      const c = decideNumberChange(result, 0, busyTwice, now);
      assert.deepEqual([c.status, c.counters.fail], [NumberStatus.done, 1]);
    }
  });

  it('our-side failures: back in the queue, not counted, no record', () => {
    const fault = decideNumberChange('lineError', 0, busyTwice, now);
    assert.deepEqual(
      [fault.status, fault.attemptsInc, fault.writesRecord, fault.counters.send],
      [NumberStatus.waiting, 0, false, 0],
    );
    assert.deepEqual(fault.nextAttemptAt, new Date(now.getTime() + LINE_FAULT_RETRY_MS));
    const full = decideNumberChange('lineFull', 1, busyTwice, now);
    assert.equal(full.status, NumberStatus.recallWaiting, 'a redial stays a redial');
    assert.deepEqual(full.nextAttemptAt, new Date(now.getTime() + LINE_BUSY_RETRY_MS));
  });

  it('unknown outcome (dialer died): an attempt ending as 其他, redialed only if 其他 is selected', () => {
    const c = decideNumberChange('unknown', 0, busyTwice, now);
    assert.deepEqual([c.status, c.lastResult, c.writesRecord], [NumberStatus.recallWaiting, '其他', true]);
    assert.equal(decideNumberChange('unknown', 0, off, now).status, NumberStatus.done);
  });
});

describe('readFailRecall', () => {
  it('reads stored settings liberally', () => {
    assert.deepEqual(readFailRecall({ enabled: 1, times: '2', interval: 5, reasons: '关机,无人应答' }), {
      enabled: true,
      times: 2,
      interval: 5,
      reasons: ['关机', '无人应答'],
    });
    assert.deepEqual(readFailRecall(null), { enabled: false, times: 0, interval: 0, reasons: [] });
  });
});
