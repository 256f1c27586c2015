import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { OpenAiReplyClassifier, pickChoice } from '../../src/clients/reply-model/openai-reply-classifier.js';
import { RobotDriver } from '../../src/dialer/robot-driver.js';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { compileScript, courseScript, createSession, type ReplyQuestion } from '../../src/robot/index.js';
import type { CallChannel, ChannelEvents, PlaybackEnd } from '../../src/telephony/call-channel.js';
import {
  promptChoices,
  promptReply,
  startReplyModelStandIn,
  type StandInAnswer,
} from '../support/reply-model-stand-in.js';

const course = compileScript(courseScript);
/** A reply the rules cannot place at the intro node ("the child already has too many classes"). */
const UNPLACED = '娃的课排得满满当当的';

let next: StandInAnswer = { content: 'none' };
const standIn = await startReplyModelStandIn(() => next);
after(() => standIn.close());

function classifier(timeoutMs = 800, failures: string[] = []) {
  return new OpenAiReplyClassifier({
    baseUrl: standIn.baseUrl,
    model: 'stand-in',
    apiKey: 'sk-test',
    timeoutMs,
    onFailure: (r) => failures.push(r),
  });
}

/** A session listening at the intro node, and the question a classifier would be asked there. */
function atIntro() {
  const session = createSession(course, { 姓名: '王小明' });
  session.start();
  session.onUserText('是的', true);
  const question = session.choicesFor(UNPLACED);
  assert.ok(question, 'the rules cannot place the reply');
  return { session, question };
}

describe('OpenAI-compatible reply classifier against a loopback stand-in', () => {
  it('asks with the robot line, the reply and the allowed choices, and returns the chosen one', async () => {
    const { question } = atIntro();
    next = { content: 'intro#8' };
    const seen = standIn.requests.length;
    assert.equal(await classifier().choose(question), 'intro#8');
    const req = standIn.requests[seen]!;
    assert.equal(req.body.model, 'stand-in');
    assert.equal(req.headers.authorization, 'Bearer sk-test');
    assert.equal(promptReply(req), UNPLACED);
    const ids = promptChoices(req).map((c) => c.id);
    assert.ok(
      ids.includes('intro#5') && ids.includes('global:who_are_you') && ids.includes('none'),
      ids.join(),
    );
    assert.ok(ids.some((id) => id.startsWith('knowledge:asks|')));
  });

  it('gives no choice for an answer outside the list, an error status, a bad body or a late answer', async () => {
    const { question } = atIntro();
    const failures: string[] = [];
    for (const answer of [
      { content: 'objection_whatever' },
      { status: 500, raw: 'oops' },
      { raw: 'not json' },
      { content: 'intro#5', delayMs: 1500 },
    ] satisfies StandInAnswer[]) {
      next = answer;
      assert.equal(await classifier(200, failures).choose(question), undefined, JSON.stringify(answer));
    }
    assert.equal(failures.length, 4);
  });

  it('reads an id out of a chatty answer', () => {
    const q: ReplyQuestion = {
      robotLine: '',
      reply: '',
      choices: [
        { id: 'a#1', description: '' },
        { id: 'a#10', description: '' },
      ],
    };
    assert.equal(pickChoice('a#10', q), 'a#10');
    assert.equal(pickChoice('答案是 a#1。', q), 'a#1');
    assert.equal(pickChoice('不知道', q), undefined);
  });
});

class SpeakingChannel {
  readonly said: string[] = [];
  readonly #speech: ((e: ChannelEvents['speech']) => void)[] = [];
  on(event: string, fn: (e: never) => void) {
    if (event === 'speech') this.#speech.push(fn as (e: ChannelEvents['speech']) => void);
    return () => undefined;
  }
  hear(text: string) {
    for (const fn of this.#speech) fn({ text, isFinal: true } as ChannelEvents['speech']);
  }
  say(text: string): Promise<PlaybackEnd> {
    this.said.push(text);
    return Promise.resolve('completed');
  }
  play() {
    return Promise.resolve('completed' as PlaybackEnd);
  }
  stopSpeaking() {}
  listen() {}
  hangup() {
    return Promise.resolve();
  }
}

describe('the dialer awaits the reply classifier before handing a reply to the robot', () => {
  async function converse(answer: StandInAnswer, replies: string[]) {
    next = answer;
    const ch = new SpeakingChannel();
    const session = createSession(course, { 姓名: '王小明' });
    const driver = new RobotDriver(
      ch as unknown as CallChannel,
      session,
      new VirtualClock(0),
      classifier(200),
    );
    driver.begin();
    for (const r of replies) ch.hear(r);
    await driver.idle();
    return session.onHangup('callee');
  }

  it("takes the classifier's branch for a reply the rules cannot place", async () => {
    const result = await converse({ content: 'intro#5' }, ['是的', UNPLACED]);
    const turn = result.turns.find((t) => t.heard === UNPLACED);
    assert.equal(turn?.match?.intent, 'model');
    assert.equal(turn?.match?.target, 'objection_refuse');
  });

  it('keeps the rules result when the classifier is late, and never asks about replies the rules place', async () => {
    const before = standIn.requests.length;
    const result = await converse({ content: 'intro#5', delayMs: 1000 }, ['是的', UNPLACED]);
    const turn = result.turns.find((t) => t.heard === UNPLACED);
    assert.equal(turn?.match?.kind, 'noMatch');
    assert.equal(standIn.requests.length - before, 1, '"是的" was placed by the rules without asking');
  });
});
