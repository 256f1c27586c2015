import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../lib/virtual-clock.js';
import type { Action, CallSession, SessionResult } from '../robot/index.js';
import type {
  CallChannel,
  CallEnd,
  ChannelEventName,
  ChannelEvents,
  PlaybackEnd,
  TransferOutcome,
} from '../telephony/call-channel.js';
import { RobotDriver } from './robot-driver.js';

/** A channel whose playbacks end when the test says so. */
class FakeChannel {
  readonly log: string[] = [];
  readonly #listeners = new Map<string, ((e: unknown) => void)[]>();
  readonly #playing: ((end: PlaybackEnd) => void)[] = [];
  transferResult: TransferOutcome = 'accepted';
  on<E extends ChannelEventName>(event: E, fn: (e: ChannelEvents[E]) => void) {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), fn as (e: unknown) => void]);
    return () => undefined;
  }
  emit<E extends ChannelEventName>(event: E, e: ChannelEvents[E]) {
    for (const fn of this.#listeners.get(event) ?? []) fn(e);
  }
  listen(hints: { hotwords?: readonly string[]; endOfTurnMs?: number; yesNo?: boolean }) {
    if (hints.hotwords) this.log.push(`hotwords:${hints.hotwords.join(',')}`);
    if (hints.endOfTurnMs !== undefined) this.log.push(`endOfTurn:${hints.endOfTurnMs}`);
    if (hints.yesNo) this.log.push('yesNo');
  }
  say(text: string, options?: { bargeIn?: string }) {
    this.log.push(`say:${text}${options?.bargeIn ? `/${options.bargeIn}` : ''}`);
    return new Promise<PlaybackEnd>((resolve) => this.#playing.push(resolve));
  }
  play(file: string) {
    this.log.push(`play:${file}`);
    return new Promise<PlaybackEnd>((resolve) => this.#playing.push(resolve));
  }
  stopSpeaking() {
    this.log.push('stop');
  }
  hangup() {
    this.log.push('hangup');
    return Promise.resolve({} as CallEnd);
  }
  transfer(target: string) {
    this.log.push(`transfer:${target}`);
    return Promise.resolve(this.transferResult);
  }
  /** Ends the oldest playback. */
  async finish() {
    this.#playing.shift()?.('completed');
    await new Promise((r) => setImmediate(r));
  }
}

/** A session scripted by the test: each event returns the next planned actions. */
function scripted(plan: Record<string, Action[][]>) {
  const seen: string[] = [];
  const next = (kind: string) => {
    seen.push(kind);
    return plan[kind]?.shift() ?? [];
  };
  const session: CallSession = {
    start: () => next('start'),
    onUserText: (text, isFinal) => next(isFinal === false ? `partial:${text}` : `text:${text}`),
    onSilence: () => next('silence'),
    onDtmf: (d) => next(`dtmf:${d}`),
    onNotRecognised: (reason) => next(`notRecognised:${reason}`),
    onHangup: () => ({}) as SessionResult,
    ended: false,
    toLearnSoFar: () => [],
    choicesFor: () => undefined,
  };
  return { session, seen };
}

const say = (text: string): Action => ({ type: 'say', text, nodeId: 'n', nodeTitle: 'N', bargeIn: 'voice' });

describe('RobotDriver', () => {
  it('speaks, then times silence from the end of the last line', async () => {
    const clock = new VirtualClock(0);
    const ch = new FakeChannel();
    const { session, seen } = scripted({
      start: [[say('您好'), say('请问是张先生吗'), { type: 'listen', timeoutMs: 5000 }]],
      silence: [[say('喂？'), { type: 'listen', timeoutMs: 5000 }]],
    });
    new RobotDriver(ch as unknown as CallChannel, session, clock).begin();
    assert.deepEqual(ch.log, ['say:您好/voice', 'say:请问是张先生吗/voice']);
    await clock.advance(60_000);
    assert.deepEqual(seen, ['start'], 'no silence while the robot speaks');
    await ch.finish();
    await ch.finish();
    await clock.advance(4_999);
    assert.deepEqual(seen, ['start']);
    await clock.advance(1);
    assert.deepEqual(seen, ['start', 'silence']);
    assert.equal(ch.log.at(-1), 'say:喂？/voice');
  });

  it('feeds speech and keys, cancels the silence timer, and barges in on request', async () => {
    const clock = new VirtualClock(0);
    const ch = new FakeChannel();
    const { session, seen } = scripted({
      start: [[say('您好'), { type: 'listen', timeoutMs: 3000 }]],
      'partial:不': [[{ type: 'stopSpeaking' }]],
      'text:不需要': [[say('好的'), { type: 'listen', timeoutMs: 3000 }]],
    });
    new RobotDriver(ch as unknown as CallChannel, session, clock).begin();
    ch.emit('speech', { at: clock.now(), text: '不', isFinal: false });
    assert.equal(ch.log.at(-1), 'stop');
    await ch.finish();
    await clock.advance(1000);
    ch.emit('speech', { at: clock.now(), text: '不需要', isFinal: true });
    await clock.advance(10_000);
    assert.deepEqual(
      seen,
      ['start', 'partial:不', 'text:不需要'],
      'the timer of the first listen was cancelled',
    );
    ch.emit('dtmf', { at: clock.now(), digit: '1' });
    assert.equal(seen.at(-1), 'dtmf:1');
  });

  it('hangs up or transfers only after the last line was spoken; a failed transfer hangs up', async () => {
    const clock = new VirtualClock(0);
    const ch = new FakeChannel();
    ch.transferResult = 'failed';
    const { session } = scripted({ start: [[say('为您转接人工'), { type: 'transfer', target: '8001' }]] });
    new RobotDriver(ch as unknown as CallChannel, session, clock).begin();
    assert.deepEqual(ch.log, ['say:为您转接人工/voice']);
    await ch.finish();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ch.log, ['say:为您转接人工/voice', 'transfer:8001', 'hangup']);
  });

  it('on a line that hears: silence counts from the end of the callee voice, not while it lasts', async () => {
    const clock = new VirtualClock(0);
    const ch = new FakeChannel();
    const { session, seen } = scripted({
      start: [
        [say('您好'), { type: 'listen', timeoutMs: 3000, hotwords: ['课程'], endOfTurnMs: 700, yesNo: true }],
      ],
      silence: [[say('喂？'), { type: 'listen', timeoutMs: 3000 }]],
    });
    new RobotDriver(ch as unknown as CallChannel, session, clock).begin();
    assert.deepEqual(
      ch.log,
      ['say:您好/voice', 'hotwords:课程', 'endOfTurn:700', 'yesNo'],
      'barge-in mode, hot words and end-of-turn rules passed on',
    );
    await ch.finish();
    await clock.advance(1000);
    ch.emit('voice', { at: clock.now(), phase: 'start' });
    await clock.advance(10_000);
    assert.deepEqual(seen, ['start'], 'no silence while the callee speaks');
    ch.emit('voice', { at: clock.now(), phase: 'end' });
    await clock.advance(2_999);
    assert.deepEqual(seen, ['start']);
    await clock.advance(1);
    assert.deepEqual(seen, ['start', 'silence'], 'counted from the end of the voice');
  });

  it('hands "not recognised" to the session (never as silence)', async () => {
    const clock = new VirtualClock(0);
    const ch = new FakeChannel();
    const { session, seen } = scripted({
      start: [[say('您好'), { type: 'listen', timeoutMs: 3000 }]],
      'notRecognised:readTimeout': [[say('没听清'), { type: 'listen', timeoutMs: 3000 }]],
    });
    new RobotDriver(ch as unknown as CallChannel, session, clock).begin();
    await ch.finish();
    ch.emit('voice', { at: clock.now(), phase: 'start' });
    ch.emit('voice', { at: clock.now(), phase: 'end' });
    ch.emit('notRecognised', { at: clock.now(), reason: 'readTimeout' });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['start', 'notRecognised:readTimeout']);
    assert.equal(ch.log.at(-1), 'say:没听清/voice');
  });

  it('an answering machine or an announcement is not talked to: the prompt stops and the call ends', () => {
    for (const kind of ['machine', 'announcement'] as const) {
      const clock = new VirtualClock(0);
      const ch = new FakeChannel();
      const { session } = scripted({ start: [[say('您好'), { type: 'listen', timeoutMs: 3000 }]] });
      new RobotDriver(ch as unknown as CallChannel, session, clock).begin();
      ch.emit('answerKind', { at: clock.now(), kind: 'human', reason: 'short greeting' });
      assert.deepEqual(ch.log, ['say:您好/voice']);
      ch.emit('answerKind', { at: clock.now(), kind, reason: 'greeting of 4.2 s without a pause' });
      assert.deepEqual(ch.log, ['say:您好/voice', 'stop', 'hangup']);
    }
  });

  it('maps how the call ended to the session cause', () => {
    const end = (e: Partial<CallEnd>) => ({ result: 'answered', ...e }) as CallEnd;
    assert.equal(RobotDriver.causeOf(end({ hangupBy: 'remote', hangupCause: 'normal' })), 'callee');
    assert.equal(RobotDriver.causeOf(end({ hangupBy: 'local', hangupCause: 'normal' })), 'robot');
    assert.equal(RobotDriver.causeOf(end({ hangupBy: 'local', hangupCause: 'transferred' })), 'transfer');
    assert.equal(RobotDriver.causeOf(end({ hangupBy: 'remote', hangupCause: 'networkError' })), 'error');
    assert.equal(RobotDriver.causeOf(end({ hangupBy: 'local', hangupCause: 'normal' }), true), 'system');
    // The callee leaving as the limit fires is still the callee's hang-up.
    assert.equal(RobotDriver.causeOf(end({ hangupBy: 'remote', hangupCause: 'normal' }), true), 'callee');
  });
});
