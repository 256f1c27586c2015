import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../lib/app-error.js';
import { compileScript, courseScript } from '../../robot/index.js';
import { MAX_TEST_EVENTS, ScriptTestConversation } from './script-test.service.js';

const compiled = compileScript(courseScript);
const clock = { now: () => new Date('2025-03-01T01:00:00Z') };
const open = (flowId?: string) =>
  new ScriptTestConversation(compiled, { 姓名: '王小明' }, flowId, clock, 'Asia/Shanghai');

describe(ScriptTestConversation.name, () => {
  it('opens with the greeting, variables filled, stamped in the team time zone', () => {
    assert.deepEqual(open().start(), [
      {
        text: '您好，请问是王小明家长吗？我是启航教育的课程顾问小林。',
        audio: '',
        toLearn: '',
        at: '2025-03-01 09:00:00',
      },
    ]);
  });

  it('marks the unmatched utterance on the first frame of the answer, and only once', () => {
    const sut = open();
    sut.start();
    assert.equal(sut.hear('嗯，是我')[0]?.toLearn, '');
    const frames = sut.hear('今天天气怎么样');
    assert.equal(frames.length, 2);
    assert.equal(frames[0]?.toLearn, '今天天气怎么样');
    assert.equal(frames[1]?.toLearn, '');
    assert.equal(sut.hear('好的，可以啊')[0]?.toLearn, '');
  });

  it('ends with the robot hang-up and ignores lines after it', () => {
    const sut = open();
    sut.start();
    for (const line of ['嗯，是我', '好的，可以啊', '下午吧']) sut.hear(line);
    assert.equal(sut.ended, false);
    const last = sut.hear('好的');
    assert.match(last[0]?.text ?? '', /再见/);
    assert.equal(sut.ended, true);
    assert.equal(sut.endReason, 'hangup');
    assert.deepEqual(sut.hear('喂？'), []);
  });

  it('starts at another flow when asked, treats blank text as silence', () => {
    const sut = open('objection');
    assert.match(sut.start()[0]?.text ?? '', /很多家长一开始/);
    const silence = sut.hear('   ');
    assert.equal(silence.length > 0, true);
    assert.equal(silence[0]?.toLearn, '');
  });

  it('refuses more than MAX_TEST_EVENTS callee events', () => {
    const sut = open();
    sut.start();
    let thrown: unknown;
    try {
      for (let i = 0; i <= MAX_TEST_EVENTS && !sut.ended; i++) sut.dtmf('9');
    } catch (err) {
      thrown = err;
    }
    assert.ok(thrown instanceof AppError);
    assert.equal(thrown.code, 40029);
  });
});
