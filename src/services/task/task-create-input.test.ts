import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../lib/app-error.js';
import { DEFAULT_RECALL_REASONS, nameProblem, parseSwitch, parseTaskOptions } from './task-create-input.js';

void describe('task creation options', () => {
  void it('accepts the documented name characters and refuses the rest', () => {
    assert.equal(nameProblem('双十一回访(一)_A-1（二）'), undefined);
    assert.match(nameProblem('a b') ?? '', /只能包含/);
    assert.match(nameProblem('任务<script>') ?? '', /只能包含/);
    assert.match(nameProblem('  ') ?? '', /不能为空/);
    assert.match(nameProblem('x'.repeat(65)) ?? '', /64/);
  });

  void it('reads is_zidong liberally', () => {
    for (const v of ['on', 'ON', 1, '1', true, 'true']) assert.equal(parseSwitch(v), true);
    for (const v of [undefined, '', 0, '0', 'off', false]) assert.equal(parseSwitch(v), false);
    assert.equal(parseSwitch('maybe'), undefined);
  });

  void it('parses a scheduled start in the team time zone and fail-recall defaults', () => {
    const o = parseTaskOptions(
      { source: '任务', is_zidong: 'on', timed_started_at: '2025-03-01 09:30:00', is_auto_fail_recall: 1 },
      'Asia/Shanghai',
    );
    assert.equal(o.timedStartedAt?.toISOString(), '2025-03-01T01:30:00.000Z');
    assert.equal(o.autoStart, true);
    assert.deepEqual(o.failRecall, {
      enabled: true,
      times: 1,
      interval: 30,
      reasons: [...DEFAULT_RECALL_REASONS],
    });
    assert.ok(!o.failRecall.reasons.includes('空号'));
  });

  void it('lists every problem in one 20002 error', () => {
    assert.throws(
      () =>
        parseTaskOptions(
          { source: 'a/b', is_zidong: 'x', timed_started_at: 'tomorrow', fail_recall_of_reason: '关机,打雷' },
          'Asia/Shanghai',
        ),
      (err: unknown) =>
        err instanceof AppError &&
        err.code === 20002 &&
        ['source', 'is_zidong', 'timed_started_at', '打雷'].every((w) => err.message.includes(w)),
    );
  });
});
