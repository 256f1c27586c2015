import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../lib/virtual-clock.js';
import type { CallChannel, CallEnd } from '../call-channel.js';
import { SANDBOX_OUTCOMES } from './simulator-config.js';
import { SimulatorLine } from './simulator-line.js';
import type { SimulatorLineConfigInput } from './simulator-config.js';

// Whole-line runs on the sandbox config: many calls in parallel on one virtual clock, as the dialer will do.

const T0 = Date.UTC(2025, 2, 3, 1, 0, 0);
const numbers = (n: number): string[] => Array.from({ length: n }, (_, i) => String(13_900_000_000 + i * 7));

/** A small deterministic robot: greets, answers twice, then says goodbye and hangs up; hangs up on a key. */
function robot(call: CallChannel, log: string[], clock: VirtualClock): void {
  const at = (): number => clock.now().getTime() - T0;
  let turns = 0;
  call.on('ringing', () => log.push(`${at()} ringing`));
  call.on('failed', (e) => log.push(`${at()} failed ${e.cause}`));
  call.on('answered', () => {
    log.push(`${at()} answered`);
    void call.say('您好，我是智能助理，请问您对我们的产品感兴趣吗？');
  });
  call.on('speech', (e) => {
    log.push(`${at()} speech ${e.isFinal ? 'final' : 'partial'} ${e.text}`);
    if (!e.isFinal) return;
    turns++;
    if (turns === 1) void call.say('我们的价格很优惠，可以加您微信吗？');
    else if (turns === 2) void call.say('好的，祝您生活愉快，再见。').then(() => call.hangup());
  });
  call.on('dtmf', (e) => {
    log.push(`${at()} dtmf ${e.digit}`);
    void call.hangup();
  });
  call.on('playbackDone', (e) => log.push(`${at()} playbackDone ${e.end}`));
  call.on('hangup', (e) => log.push(`${at()} hangup ${e.by} ${e.cause}`));
}

async function campaign(config: SimulatorLineConfigInput, dial: string[]) {
  const clock = new VirtualClock(T0);
  const line = new SimulatorLine({
    id: 'sandbox',
    config: { capacity: dial.length, ...config },
    timers: clock,
  });
  const logs = new Map<string, string[]>();
  const ends = new Map<string, Promise<CallEnd>>();
  for (const callee of dial) {
    const log: string[] = [];
    const call = line.originate({ callee });
    robot(call, log, clock);
    logs.set(callee, log);
    ends.set(callee, call.ended);
  }
  await clock.runAll();
  const results = new Map<string, CallEnd>();
  for (const [callee, end] of ends) results.set(callee, await end);
  assert.equal(line.active, 0);
  return { logs, results };
}

void describe('SimulatorLine campaigns', () => {
  void it('replays identically for the same seed and config, event for event', async () => {
    const list = numbers(300);
    const a = await campaign({}, list);
    const b = await campaign({}, list);
    assert.deepEqual([...a.logs], [...b.logs]);
    const talked = [...a.logs.values()].filter((l) => l.some((e) => e.includes('speech final')));
    assert.ok(talked.length > 100, `${talked.length} conversations`);
    assert.ok([...a.results.values()].some((e) => e.hangupBy === 'remote'));
    assert.ok([...a.results.values()].some((e) => e.hangupBy === 'local'));
  });

  void it('gives each number the same call whatever order the list is dialled in', async () => {
    const list = numbers(200);
    const forward = await campaign({}, list);
    const backward = await campaign({}, [...list].reverse());
    for (const callee of list) assert.deepEqual(backward.logs.get(callee), forward.logs.get(callee), callee);
  });

  void it('changes with the seed', async () => {
    const list = numbers(200);
    const a = await campaign({ seed: 'a' }, list);
    const b = await campaign({ seed: 'b' }, list);
    const differing = list.filter((c) => a.results.get(c)?.result !== b.results.get(c)?.result).length;
    assert.ok(differing > 40, `${differing} differ`);
  });

  void it('produces the sandbox outcome mix over 3 000 calls (within 4 standard errors)', async () => {
    const n = 3000;
    const { results } = await campaign({}, numbers(n));
    const counts = new Map<string, number>();
    for (const end of results.values()) counts.set(end.result, (counts.get(end.result) ?? 0) + 1);
    const total = Object.values(SANDBOX_OUTCOMES).reduce((s, w) => s + w, 0);
    for (const outcome of ['answered', 'noAnswer', 'rejected', 'poweredOff', 'busy', 'vacant'] as const) {
      const p = (SANDBOX_OUTCOMES[outcome] ?? 0) / total;
      const share = (counts.get(outcome) ?? 0) / n;
      assert.ok(Math.abs(share - p) <= 4 * Math.sqrt((p * (1 - p)) / n), `${outcome}: ${share} vs ${p}`);
    }
    const answered = [...results.values()].filter((e) => e.result === 'answered');
    assert.ok(answered.every((e) => e.talkMs > 0 && e.answeredAt && e.answeredAt > e.startedAt));
  });
});
