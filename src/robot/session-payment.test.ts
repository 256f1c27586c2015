import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paymentScript } from './demo-scripts/index.js';
import type { Action } from './runtime/session-types.js';
import { compileScript } from './script/compile-script.js';
import { createSession } from './session.js';

const payment = compileScript(paymentScript);
const vars = { 姓名: '李四', 电话: '13800138000', 欠款金额: '1980', 还款日期: '3月15日' };

function call() {
  let t = Date.parse('2025-03-10T02:00:00Z');
  const session = createSession(payment, vars, { clock: { now: () => new Date((t += 1000)) } });
  return { session, hear: (text: string) => session.onUserText(text, true) };
}
const says = (actions: Action[]) => actions.flatMap((a) => (a.type === 'say' ? [a.nodeTitle] : []));

describe('createSession — 还款提醒', () => {
  it('states the debt with the call variables', () => {
    const c = call();
    c.session.start();
    const notice = c.hear('是我');
    assert.match((notice[0] as { text: string }).text, /应还1980元，还款日是3月15日/);
  });

  it('hardship, then a date in Chinese numerals (regex branch on digits): promise recorded, graded A', () => {
    const c = call();
    c.session.start();
    c.hear('对，我是');
    assert.deepEqual(says(c.hear('我最近手头紧')), ['04困难协商']);
    assert.deepEqual(says(c.hear('那就十五号吧')), ['05确认承诺日期', '08结束语-承诺还款']);
    const r = c.session.onHangup('robot');
    assert.equal(r.turns[2]?.match?.kind, 'branch');
    assert.equal(r.turns[2]?.match?.keyword, '15号');
    assert.deepEqual([r.grade, r.gradeReason], ['A', '承诺按时还款']);
    assert.ok(r.labels.includes('经济困难'));
  });

  it('already paid: a prioritised keyword wins, graded B for verification', () => {
    const c = call();
    c.session.start();
    c.hear('是我');
    assert.deepEqual(says(c.hear('我上个月就还了啊')), ['06已还款核实', '09结束语-已还款']);
    assert.equal(c.session.onHangup('robot').grade, 'B');
  });

  it('not the debtor: asks to pass the message on, graded F', () => {
    const c = call();
    c.session.start();
    assert.deepEqual(says(c.hear('不是，我是他老婆')), ['01b第三方转告', '12结束语-第三方']);
    const r = c.session.onHangup('robot');
    assert.deepEqual([r.grade, r.gradeReason], ['F', '非本人接听']);
  });

  it('refuses to pay after the risk notice: graded D by the script rule', () => {
    const c = call();
    c.session.start();
    c.hear('是我');
    assert.deepEqual(says(c.hear('不还')), ['07风险告知']);
    // A refusal outranks a topic keyword (没钱 → hardship) when the node handles refusals.
    assert.deepEqual(says(c.hear('不还，没钱也不还')), ['10结束语-拒绝还款']);
    assert.equal(c.session.onHangup('robot').grade, 'D');
  });

  it('knowledge question in the middle (罚息 via the price intent), then the flow resumes', () => {
    const c = call();
    c.session.start();
    c.hear('是我');
    const answer = c.hear('逾期的话利息怎么算');
    assert.deepEqual(says(answer), ['利息利率', '02告知欠款']);
    assert.deepEqual(says(c.hear('罚息多少钱')), ['罚息', '02告知欠款']);
    assert.deepEqual(says(c.hear('行，我今天下午就还')), ['08结束语-承诺当日还款']);
    const r = c.session.onHangup('robot');
    assert.equal(r.counters.asksCount, 2);
    assert.equal(r.grade, 'A');
  });

  it('answering machine: hangs up silently, graded F', () => {
    const c = call();
    c.session.start();
    const actions = c.hear('您好，您拨打的用户暂时无法接通，请稍后再拨');
    assert.deepEqual(actions, [{ type: 'hangup', reason: '语音信箱' }]);
    assert.deepEqual(c.session.onHangup('robot').gradeReason, '语音信箱/自动应答');
  });

  it('barge-in on any voice (voice_break 1): the first partial stops the prompt', () => {
    const c = call();
    c.session.start();
    assert.deepEqual(c.session.onUserText('喂', false), [{ type: 'stopSpeaking' }]);
  });
});
