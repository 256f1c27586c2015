import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { courseScript } from './demo-scripts/index.js';
import type { Action } from './runtime/session-types.js';
import { compileScript } from './script/compile-script.js';
import { createSession } from './session.js';

const course = compileScript(courseScript);

function call(vars: Record<string, string> = { 姓名: '王小明' }) {
  let t = Date.parse('2025-03-01T01:00:00Z');
  const clock = { now: () => new Date(t) };
  const session = createSession(course, vars, { clock });
  return {
    session,
    advance: (ms: number) => (t += ms),
    hear(text: string): Action[] {
      t += 3000;
      return session.onUserText(text, true);
    },
  };
}
const says = (actions: Action[]) => actions.flatMap((a) => (a.type === 'say' ? [a.nodeTitle] : []));
const types = (actions: Action[]) => actions.map((a) => a.type);

describe('createSession — 课程推广', () => {
  it('greets with the variables filled in and listens with the node timeout', () => {
    const { session } = call();
    const actions = session.start();
    assert.deepEqual(actions, [
      {
        type: 'say',
        text: '您好，请问是王小明家长吗？我是启航教育的课程顾问小林。',
        nodeId: 'greet',
        nodeTitle: '01打招呼+开场白',
        bargeIn: 'keyword',
      },
      {
        type: 'listen',
        timeoutMs: 6000,
        hotwords: ['我是他妈妈'],
        // The first line of each branch's answer (and the reprompt), for synthesis ahead.
        nextPrompts: [
          '我们最近针对孩子推出了少儿编程的免费试听课，由资深老师带着孩子动手体验，一节课四十五分钟。您看这周末给孩子安排一节免费试听可以吗？',
          '不好意思，打扰您了，再见！',
          '好的，那我晚点再联系您，不打扰您了，再见！',
          '理解的，很多家长一开始也是这么想的。试听课是完全免费的，孩子喜欢再考虑，不喜欢也没有任何费用，就当让孩子多一次兴趣体验，您看可以先试一次吗？',
          '不好意思，可能信号不太好，我稍后再联系您，再见！',
          '请问您是王小明家长吗？',
        ],
      },
    ]);
    assert.deepEqual(session.start(), [], 'start is idempotent');
    const listen = actions[1] as { nextPrompts: string[] };
    const reply = session.onUserText('是的，我是', true)[0] as { text: string };
    assert.equal(reply.text, listen.nextPrompts[0], 'the reply is the line synthesised ahead');
  });

  it('interested callee: books a trial lesson and is graded A', () => {
    const c = call();
    c.session.start();
    assert.deepEqual(says(c.hear('嗯，是我')), ['02课程介绍']);
    assert.deepEqual(says(c.hear('好的，可以啊')), ['05预约试听时间']);
    assert.deepEqual(says(c.hear('下午吧')), ['06确认下午', '07添加微信']);
    const end = c.hear('好的');
    assert.deepEqual(types(end), ['say', 'hangup']);
    assert.equal(c.session.ended, true);
    const r = c.session.onHangup('robot');
    assert.equal(r.grade, 'A');
    assert.equal(r.gradeReason, '同意试听并完成预约');
    assert.equal(r.counters.turnCount, 4);
    assert.equal(r.endReason, 'robotHangup');
    assert.equal(r.hangupNode, undefined);
    assert.equal(r.talkMs, 12_000);
    assert.ok(r.labels.includes('预约试听'));
    assert.deepEqual(
      r.reachedNodes.map((n) => n.nodeId),
      ['greet', 'intro', 'schedule', 'confirm_afternoon', 'add_wechat', 'end_booked'],
    );
  });

  it('logs every turn: robot line, node title, heard text, matched branch, score, timestamps', () => {
    const c = call();
    c.session.start();
    c.hear('嗯，是我');
    const r = c.session.onHangup('callee');
    const [first, second] = r.turns;
    assert.equal(first?.nodeTitle, '01打招呼+开场白');
    assert.match(first?.robotText ?? '', /王小明家长/);
    assert.equal(first?.heard, '嗯，是我');
    assert.deepEqual(first?.match, {
      kind: 'branch',
      intent: 'affirm',
      branchId: 'greet#1',
      target: 'intro',
    });
    assert.ok((first?.score ?? 0) >= 60);
    assert.equal(first?.robotAt.toISOString(), '2025-03-01T01:00:00.000Z');
    assert.equal(first?.heardAt?.toISOString(), '2025-03-01T01:00:03.000Z');
    assert.equal(second?.nodeTitle, '02课程介绍');
    assert.equal(second?.heard, undefined);
  });

  it('refusing callee: objection handling once, then graded D', () => {
    const c = call();
    c.session.start();
    c.hear('是的');
    assert.deepEqual(says(c.hear('不需要')), ['03异议处理-不需要']);
    assert.deepEqual(says(c.hear('不用了，谢谢')), ['11结束语-拒绝']);
    const r = c.session.onHangup('robot');
    assert.deepEqual([r.grade, r.gradeReason], ['D', '多次明确拒绝']);
  });

  it('"don\'t call me again": adds to DND with the reason, says goodbye, hangs up, graded D', () => {
    const c = call();
    c.session.start();
    c.hear('对');
    const actions = c.hear('不需要，以后别再给我打电话了');
    assert.deepEqual(types(actions), ['addToDnd', 'say', 'hangup']);
    assert.deepEqual(actions[0], { type: 'addToDnd', reason: '客户要求不再来电' });
    const r = c.session.onHangup('robot');
    assert.equal(r.dndRequests.length, 1);
    assert.equal(r.dndRequests[0]?.nodeId, 'intro');
    assert.deepEqual([r.grade, r.gradeReason], ['D', '要求不再来电']);
  });

  it('silence: re-prompts up to maxSilence, then the fallback hangs up; graded E', () => {
    const c = call();
    c.session.start();
    for (let i = 0; i < 2; i++) {
      const again = c.session.onSilence();
      assert.deepEqual(types(again), ['say', 'say', 'listen']);
      assert.match((again[0] as { text: string }).text, /听到/);
    }
    const last = c.session.onSilence();
    assert.deepEqual(says(last), ['14结束语-无应答']);
    assert.equal(last.at(-1)?.type, 'hangup');
    assert.deepEqual(c.session.onSilence(), [], 'nothing after the end');
    const r = c.session.onHangup('robot');
    assert.equal(r.counters.silenceCount, 3);
    assert.deepEqual([r.grade, r.gradeReason], ['E', '接通但无有效对话']);
  });

  it('knowledge question: answers, asks the node again, then the flow resumes', () => {
    const c = call();
    c.session.start();
    c.hear('是我');
    const answer = c.hear('你们在哪里上课啊？');
    assert.deepEqual(says(answer), ['上课地点', '02课程介绍']);
    assert.match((answer[0] as { text: string }).text, /人民路校区/);
    assert.deepEqual(says(c.hear('那可以，周末试试')), ['05预约试听时间']);
    const r = c.session.onHangup('callee');
    assert.deepEqual(r.knowledgeHits, [
      { asks_sn: 'asks|5f1c0a7e2b9d4c6e8a1f3b5d7c9e0a11', ask_title: '上课地点', count: 1 },
    ]);
    assert.equal(r.counters.asksCount, 1);
    assert.equal(r.turns[1]?.match?.kind, 'knowledge');
    assert.equal(r.turns[1]?.match?.asksSn, 'asks|5f1c0a7e2b9d4c6e8a1f3b5d7c9e0a11');
  });

  it('global handler: "who are you" is answered at any node and the node is asked again', () => {
    const c = call();
    c.session.start();
    const actions = c.hear('你是谁啊');
    assert.deepEqual(says(actions), ['询问身份', '01打招呼+开场白']);
    assert.equal(actions.at(-1)?.type, 'listen');
    assert.deepEqual(says(c.hear('是我')), ['02课程介绍']);
  });

  it('callee hangs up mid-call: the node of the last line is recorded for hang-up rates', () => {
    const c = call();
    c.session.start();
    c.hear('是我');
    const r = c.session.onHangup('callee');
    assert.equal(r.endReason, 'calleeHangup');
    assert.deepEqual(r.hangupNode, { nodeId: 'intro', nodeTitle: '02课程介绍' });
    assert.deepEqual(c.session.onHangup('robot'), r, 'onHangup is idempotent');
  });

  it('asks to repeat: says the previous lines again, then falls back after maxRepeat', () => {
    const c = call();
    const greeting = c.session.start();
    const again = c.hear('啊？你说什么？');
    assert.deepEqual(
      again.filter((a) => a.type === 'say'),
      greeting.filter((a) => a.type === 'say'),
    );
    c.hear('没听清');
    assert.deepEqual(says(c.hear('再说一遍')), ['14结束语-无应答']);
    assert.equal(c.session.onHangup('robot').counters.repeatCount, 3);
  });

  it('no match: says it did not understand, asks again, and files to-learn items with context', () => {
    const c = call();
    c.session.start();
    c.hear('是我');
    const actions = c.hear('天气好热');
    assert.deepEqual(says(actions), ['02课程介绍', '02课程介绍']);
    assert.deepEqual(
      c.session.toLearnSoFar().map((t) => t.heard),
      ['天气好热'],
      'visible while the call goes on (the 7.4 test channel shows it at once)',
    );
    c.hear('这个周末会下雨吗');
    const r = c.session.onHangup('callee');
    assert.deepEqual(
      r.toLearn.map((t) => [t.type, t.typeName, t.heard]),
      [
        [2, '答非所问', '天气好热'],
        [1, '无法回答', '这个周末会下雨吗'],
      ],
    );
    assert.match(r.toLearn[0]?.robotBefore ?? '', /免费试听课/);
    assert.match(r.toLearn[0]?.robotAfter ?? '', /没太听清楚/);
    assert.equal(r.toLearn[1]?.robotAfter, r.turns.at(-1)?.robotText);
  });

  it('barge-in on keyword (voice_break 0): only partial text that means something stops the prompt, once', () => {
    const c = call();
    c.session.start();
    assert.deepEqual(c.session.onUserText('呃', false), []);
    assert.deepEqual(c.session.onUserText('今天天气', false), []);
    assert.deepEqual(c.session.onUserText('不需要', false), [{ type: 'stopSpeaking' }]);
    assert.deepEqual(c.session.onUserText('不需要啊', false), [], 'one stop per line');
    assert.equal(c.session.onHangup('callee').turns[0]?.heard, undefined, 'partials are not turns');
  });

  it('asks for a human: transfers to the agent group', () => {
    const c = call();
    c.session.start();
    const actions = c.hear('你给我转人工吧');
    assert.deepEqual(types(actions), ['say', 'transfer']);
    assert.deepEqual(actions[1], { type: 'transfer', target: '课程顾问组' });
    const r = c.session.onHangup('transfer');
    assert.deepEqual(r.transfer, { target: '课程顾问组', nodeId: 'to_human' });
    assert.equal(r.endReason, 'transfer');
  });
});
