import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { courseScript, paymentScript } from './demo-scripts/index.js';
import type { IntentClassifier } from './match/intent-classifier.js';
import type { Action } from './runtime/session-types.js';
import { compileScript } from './script/compile-script.js';
import { createSession } from './session.js';

const course = compileScript(courseScript);
const payment = compileScript(paymentScript);

const ODD_INPUTS: unknown[] = [
  '',
  '   ',
  '。？！…',
  '😊😊😊',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'a'.repeat(10_000),
  '不需要'.repeat(3_500),
  'Hello, I am not interested, 谢谢 bye',
  '我想 ask 一下 price 是多少',
  '\u0000\u0007\uFFFF\uD800',
  '\n\t\r',
  '١٢٣ مرحبا',
  'ＡＢＣ１２３',
  null,
  undefined,
  42,
  { text: '是' },
];

describe('createSession — odd input never throws', () => {
  for (const script of [course, payment]) {
    it(`${script.name}: every odd input gives actions and the call still ends cleanly`, () => {
      const session = createSession(script, {});
      session.start();
      for (const input of ODD_INPUTS) {
        const partial = session.onUserText(input as string, false);
        assert.ok(Array.isArray(partial));
        const actions = session.onUserText(input as string, true);
        assert.ok(Array.isArray(actions));
        session.onDtmf(input as string);
      }
      const r = session.onHangup('callee');
      assert.deepEqual(r.errors, []);
      assert.ok(r.turns.length > 0);
      for (const turn of r.turns) assert.ok((turn.heard ?? '').length <= 500);
    });
  }

  it('files unrecognisable speech (emoji, foreign script, cut-off floods) as 识别异常', () => {
    const session = createSession(course, {});
    session.start();
    session.onUserText('😊😊😊', true);
    session.onUserText('١٢٣ مرحبا', true);
    const r = session.onHangup('callee');
    assert.deepEqual(
      r.toLearn.map((t) => t.typeName),
      ['识别异常', '识别异常'],
    );
  });

  it('treats an empty final result like silence', () => {
    const session = createSession(course, {});
    session.start();
    const actions = session.onUserText('', true);
    assert.equal(actions.at(-1)?.type, 'listen');
    const r = session.onHangup('callee');
    assert.equal(r.counters.silenceCount, 1);
    assert.equal(r.counters.turnCount, 0);
  });

  it('ignores events before start and after the end', () => {
    const session = createSession(course, {});
    assert.deepEqual(session.onUserText('是我', true), []);
    assert.deepEqual(session.onSilence(), []);
    assert.deepEqual(session.onDtmf('1'), []);
    const r = session.onHangup('noAnswer');
    assert.deepEqual(
      [r.connected, r.endReason, r.grade, r.gradeReason],
      [false, 'notConnected', 'E', '未接通'],
    );
    assert.deepEqual(session.start(), []);
  });

  it('turns an internal failure into a clean hang-up with the error recorded', () => {
    const broken: IntentClassifier = {
      classify: () => {
        throw new Error('model offline');
      },
    };
    const session = createSession(course, {}, { classifier: broken });
    session.start();
    const actions: Action[] = session.onUserText('是我', true);
    assert.deepEqual(actions, [{ type: 'hangup', reason: '系统异常' }]);
    assert.equal(session.ended, true);
    const r = session.onHangup('robot');
    assert.deepEqual(r.errors, ['model offline']);
    assert.equal(r.endReason, 'error');
  });

  it('stops after maxTurns robot responses even if the callee keeps talking', () => {
    const session = createSession(course, {});
    session.start();
    let last: Action[] = [];
    for (let i = 0; i < 200 && !session.ended; i++) {
      last = session.onUserText(i % 2 ? '你是谁' : '你们哪来的我电话', true);
    }
    assert.equal(session.ended, true);
    assert.deepEqual(last.at(-1), { type: 'hangup', reason: '超过最大对话轮次' });
    assert.equal(session.onHangup('robot').endReason, 'maxTurns');
  });

  it('takes a keypress branch when the node has one, and ignores other keys', () => {
    const script = compileScript({
      version: 1,
      name: '按键',
      flows: [{ id: 'main', title: '主', entry: 'menu' }],
      nodes: {
        menu: {
          kind: 'say',
          title: '菜单',
          variants: ['满意请按1'],
          branches: [{ kind: 'dtmf', digits: '1', target: 'bye', labels: ['满意'] }],
        },
        bye: { kind: 'hangup', title: '结束', variants: ['谢谢'] },
      },
    });
    const session = createSession(script, {});
    session.start();
    assert.deepEqual(session.onDtmf('9'), []);
    assert.deepEqual(
      session.onDtmf('1').map((a) => a.type),
      ['say', 'hangup'],
    );
    const r = session.onHangup('robot');
    assert.equal(r.turns[0]?.heard, '[DTMF 1]');
    assert.ok(r.labels.includes('满意'));
  });

  it('starts at another flow when asked, and plays recorded audio when a line has no text', () => {
    const session = createSession(course, {}, { flowId: 'objection' });
    const actions = session.start();
    assert.equal((actions[0] as { nodeId: string }).nodeId, 'objection_refuse');
    const audioOnly = compileScript({
      version: 1,
      name: '录音',
      flows: [{ id: 'main', title: '主', entry: 'bye' }],
      nodes: { bye: { kind: 'hangup', title: '结束', variants: [{ text: '', audio: 'bye.wav' }] } },
    });
    assert.deepEqual(createSession(audioOnly).start(), [
      { type: 'play', file: 'bye.wav' },
      { type: 'hangup', reason: '结束' },
    ]);
  });
});
