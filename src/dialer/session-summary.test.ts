import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileScript, courseScript, createSession } from '../robot/index.js';
import { summarizeSession } from './session-summary.js';

describe('summarizeSession', () => {
  it('keeps grade, 6.4 fragments, counters, hang-up node and DND requests', () => {
    let t = Date.parse('2025-01-06T02:00:00Z');
    const session = createSession(
      compileScript(courseScript),
      { 姓名: '王小明' },
      { clock: { now: () => new Date(t) } },
    );
    session.start();
    t += 3000;
    session.onUserText('嗯，是我', true);
    t += 3000;
    session.onUserText('不需要，以后别打了', true);
    const s = summarizeSession(session.onHangup('robot'));
    assert.equal(s.grade, 'D');
    assert.ok(s.gradeReason.length > 0);
    assert.deepEqual(
      s.turns.map((f) => [f.title, f.answer, f.is_answer]),
      [
        ['01打招呼+开场白', '嗯，是我', 1],
        ['02课程介绍', '不需要，以后别打了', 1],
        ['拒绝来电', '', 0],
      ],
    );
    assert.match(s.turns[0]?.caption ?? '', /王小明家长/);
    assert.equal(s.turns[0]?.outType, 'branch');
    assert.equal(s.turnCount, 2);
    assert.deepEqual(s.dndRequests, [{ reason: '客户要求不再来电' }]);
    assert.equal(s.hangupNode, '', 'the robot hung up, not the callee');
    assert.equal(s.transferred, false);
    assert.equal((s.details as { endReason: string }).endReason, 'robotHangup');
  });

  it('names the node where the callee hung up', () => {
    const session = createSession(compileScript(courseScript), {}, {});
    session.start();
    const s = summarizeSession(session.onHangup('callee'));
    assert.equal(s.hangupNode, '01打招呼+开场白');
    assert.equal(s.score, 0);
  });
});
