import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../lib/virtual-clock.js';
import type { CallChannel, ChannelEventName } from '../call-channel.js';
import type { PersonaInput } from './persona-schema.js';
import { SimulatorChannel } from './simulator-channel.js';
import { SimulatorLine } from './simulator-line.js';

const T0 = Date.UTC(2025, 2, 3, 1, 0, 0);
const ANSWERED_AT = 1_100;
const EVENTS: ChannelEventName[] = ['speech', 'dtmf', 'playbackDone', 'hangup'];

function record(call: CallChannel): string[] {
  const log: string[] = [];
  for (const name of EVENTS) {
    call.on(name, (e) => {
      const { at, ...rest } = e;
      log.push(`${at.getTime() - T0 - ANSWERED_AT} ${name} ${JSON.stringify(rest)}`);
    });
  }
  return log;
}

/** An answered call (at 1 100 ms) with the given callee; times in logs are relative to the answer. */
async function answeredCall(persona: Partial<PersonaInput>, extra: Record<string, unknown> = {}) {
  const clock = new VirtualClock(T0);
  const line = new SimulatorLine({
    id: 'sim',
    timers: clock,
    config: {
      outcomes: { answered: 1 },
      setupMs: 100,
      timing: { answered: { afterMs: 1000 } },
      asrLatencyMs: 200,
      robotCharMs: 100,
      playMs: 2500,
      transferMs: 1000,
      personas: [
        { name: 'p', openingDelayMs: 0, replyDelayMs: 500, patienceMs: 600_000, charMs: 100, ...persona },
      ],
      ...extra,
    },
  });
  const call = line.originate({ callee: '13800138000' });
  const log = record(call);
  await clock.advance(ANSWERED_AT);
  assert.equal(call.state, 'answered');
  return { clock, call, log };
}

void describe(SimulatorChannel.name, () => {
  void it('refuses to speak or transfer before the answer, and resolves hungUp after the end', async () => {
    const clock = new VirtualClock(T0);
    const line = new SimulatorLine({ id: 'sim', timers: clock, config: { outcomes: { busy: 1 } } });
    const call = line.originate({ callee: '1' });
    assert.throws(() => void call.say('早'), /not been answered/);
    assert.throws(() => void call.play('a.wav'), /not been answered/);
    assert.throws(() => void call.transfer('8001'), /not been answered/);
    await clock.advance(60_000);
    assert.equal(call.state, 'failed');
    assert.equal(await call.say('早'), 'hungUp');
    assert.equal(await call.transfer('8001'), 'failed');
  });

  void it('plays queued utterances in order, timed by text length or the default play length', async () => {
    const { clock, call, log } = await answeredCall({});
    const first = call.say('一二三四五');
    const second = call.play('menu.wav');
    const third = call.play('intro.wav', { text: '六七' });
    await clock.advance(10_000);
    assert.deepEqual(await Promise.all([first, second, third]), ['completed', 'completed', 'completed']);
    assert.deepEqual(log.slice(0, 3), [
      '500 playbackDone {"kind":"say","content":"一二三四五","end":"completed"}',
      '3000 playbackDone {"kind":"play","content":"menu.wav","end":"completed"}',
      '3400 playbackDone {"kind":"play","content":"intro.wav","end":"completed"}',
    ]);
  });

  void it('stopSpeaking() cuts the current playback and drops the queue, each reported as interrupted', async () => {
    const { clock, call, log } = await answeredCall({ silenceRate: 1 });
    const first = call.say('这是一段很长很长的开场白');
    const second = call.say('第二段');
    await clock.advance(300);
    call.stopSpeaking();
    assert.deepEqual(await Promise.all([first, second]), ['interrupted', 'interrupted']);
    await clock.advance(10_000);
    assert.deepEqual(log, [
      '300 playbackDone {"kind":"say","content":"这是一段很长很长的开场白","end":"interrupted"}',
      '300 playbackDone {"kind":"say","content":"第二段","end":"interrupted"}',
    ]);
    const again = call.say('还在吗');
    await clock.advance(1_000);
    assert.equal(await again, 'completed');
  });

  void it('lets the callee barge in while the robot talks, so the robot can stop on the first partial', async () => {
    const { clock, call, log } = await answeredCall({ bargeInRate: 1, pool: ['不用了不用了'] });
    call.on('speech', () => call.stopSpeaking());
    const said = call.say('您好这里是某某银行信用卡中心');
    await clock.advance(10_000);
    assert.equal(await said, 'interrupted');
    const firstSpeech = log.findIndex((l) => l.includes(' speech '));
    const done = log.findIndex((l) => l.includes('playbackDone'));
    assert.ok(firstSpeech >= 0 && firstSpeech < done, log.join('\n'));
    assert.match(log[done] ?? '', /"end":"interrupted"/);
    assert.ok(log.some((l) => l.includes('"text":"不用了不用了","isFinal":true')));
  });

  void it('says its opening line on answering', async () => {
    const { clock, log } = await answeredCall({ opening: '喂？' });
    await clock.advance(5_000);
    assert.deepEqual(log, ['400 speech {"text":"喂？","isFinal":true}']);
  });

  void it('presses keys when asked to', async () => {
    const { clock, call, log } = await answeredCall({ rules: [{ when: '按\\s*1', reply: { dtmf: '1#' } }] });
    void call.say('满意请按1');
    await clock.advance(5_000);
    assert.deepEqual(log.slice(1), ['1300 dtmf {"digit":"1"}', '1600 dtmf {"digit":"#"}']);
  });

  void it('hangs up after saying goodbye when its reply says so, and is silent afterwards', async () => {
    const { clock, call, log } = await answeredCall({ script: [{ say: '不需要', hangup: true }] });
    void call.say('您好');
    await clock.advance(60_000);
    assert.deepEqual(log, [
      '400 playbackDone {"kind":"say","content":"您好","end":"completed"}', // the shortest utterance
      '1400 speech {"text":"不需要","isFinal":true}',
      '2000 hangup {"by":"remote","cause":"normal"}',
    ]);
    const end = await call.ended;
    assert.deepEqual([end.result, end.hangupBy, end.talkMs], ['answered', 'remote', 2000]);
  });

  void it('stays silent when its persona says nothing, and hangs up when its patience runs out', async () => {
    const { clock, call, log } = await answeredCall({ silenceRate: 1, pool: ['x'], patienceMs: 30_000 });
    void call.say('您好');
    await clock.advance(29_000);
    assert.deepEqual(log, ['400 playbackDone {"kind":"say","content":"您好","end":"completed"}']);
    await clock.advance(1_000);
    assert.equal(log[1], '30000 hangup {"by":"remote","cause":"normal"}');
  });

  void it('answers everything the robot said in its turn once, after the robot falls quiet', async () => {
    const heard: string[] = [];
    const { clock, call, log } = await answeredCall({
      rules: [{ when: '第一.*第二', reply: '两句都听到了' }],
    });
    call.on('playbackDone', (e) => heard.push(e.content));
    void call.say('第一');
    void call.say('第二');
    await clock.advance(10_000);
    assert.deepEqual(heard, ['第一', '第二']);
    assert.equal(log.filter((l) => l.includes('"isFinal":true')).length, 1);
    assert.ok(log.some((l) => l.includes('两句都听到了')));
  });

  void it('transfers: accepted ends the leg as transferred, refused leaves the call up', async () => {
    const { clock, call, log } = await answeredCall({ silenceRate: 1 });
    const outcome = call.transfer('8001');
    await clock.advance(1_000);
    assert.equal(await outcome, 'accepted');
    assert.deepEqual(log, ['1000 hangup {"by":"local","cause":"transferred"}']);

    const refused = await answeredCall({ silenceRate: 1 }, { transferAcceptRate: 0 });
    const no = refused.call.transfer('8001');
    await refused.clock.advance(1_000);
    assert.equal(await no, 'failed');
    assert.equal(refused.call.state, 'answered');
  });

  void it('fails a pending transfer when the callee hangs up first', async () => {
    const { clock, call } = await answeredCall({ silenceRate: 1, patienceMs: 500 });
    const outcome = call.transfer('8001');
    await clock.advance(2_000);
    assert.equal(await outcome, 'failed');
    assert.equal((await call.ended).hangupBy, 'remote');
  });

  void it('drops queued playbacks as hungUp, without events, when the call ends', async () => {
    const { clock, call, log } = await answeredCall({ silenceRate: 1 });
    const said = call.say('一段很长的话一段很长的话');
    const ended = call.hangup();
    assert.equal(await call.say('太迟了'), 'hungUp');
    await clock.advance(0);
    assert.equal(await said, 'hungUp');
    assert.equal((await ended).hangupBy, 'local');
    assert.deepEqual(log, ['0 hangup {"by":"local","cause":"normal"}']);
  });
});
