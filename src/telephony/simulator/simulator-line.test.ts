import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../lib/virtual-clock.js';
import type { CallChannel, ChannelEventName } from '../call-channel.js';
import { SimulatorLine } from './simulator-line.js';
import type { SimulatorLineConfigInput } from './simulator-config.js';

const T0 = Date.UTC(2025, 2, 3, 1, 0, 0);
const EVENTS: ChannelEventName[] = [
  'ringing',
  'answered',
  'failed',
  'speech',
  'dtmf',
  'playbackDone',
  'hangup',
];

/** Every event of `call` as `<ms since T0> <name> <payload without at>`. */
function record(call: CallChannel): string[] {
  const log: string[] = [];
  for (const name of EVENTS) {
    call.on(name, (e) => {
      const { at, ...rest } = e;
      log.push(`${at.getTime() - T0} ${name}${Object.keys(rest).length ? ' ' + JSON.stringify(rest) : ''}`);
    });
  }
  return log;
}

const lineWith = (config: SimulatorLineConfigInput, clock = new VirtualClock(T0)) => ({
  clock,
  line: new SimulatorLine({ id: 'sim', config, timers: clock }),
});

/** A line whose every call is answered after fixed times, with one scripted callee. */
const scripted: SimulatorLineConfigInput = {
  seed: 'ordering',
  outcomes: { answered: 1 },
  setupMs: 100,
  timing: { answered: { afterMs: 2000 } },
  asrLatencyMs: 200,
  robotCharMs: 100,
  personas: [
    {
      name: 'scripted',
      openingDelayMs: 0,
      rules: [{ when: '您好', reply: '你好，什么事？' }],
      replyDelayMs: 500,
      patienceMs: 600_000,
      charMs: 100,
    },
  ],
};

void describe(SimulatorLine.name, () => {
  void it('runs a full call with exact event order: ring → answer → robot says → callee replies → hang-up', async () => {
    const { clock, line } = lineWith(scripted);
    const call = line.originate({ callee: '13800138000', variables: { task: 't1' } });
    const log = record(call);
    call.on('answered', () => void call.say('您好，我是小智'));
    call.on('speech', (e) => {
      if (e.isFinal) void call.hangup();
    });
    assert.equal(call.state, 'dialing');
    assert.equal(line.active, 1);
    await clock.advance(60_000);
    assert.deepEqual(log, [
      '100 ringing',
      '2100 answered',
      '2800 playbackDone {"kind":"say","content":"您好，我是小智","end":"completed"}',
      '3600 speech {"text":"你好，","isFinal":false}',
      '3900 speech {"text":"你好，什么事","isFinal":false}',
      '4200 speech {"text":"你好，什么事？","isFinal":true}',
      '4200 hangup {"by":"local","cause":"normal"}',
    ]);
    const end = await call.ended;
    assert.equal(end.result, 'answered');
    assert.equal(end.hangupBy, 'local');
    assert.equal(end.talkMs, 2100);
    assert.equal(end.answeredAt?.getTime(), T0 + 2100);
    assert.equal(call.state, 'hungUp');
    assert.equal(call.variables.task, 't1');
    assert.equal(call.caller, '01000000000');
    assert.equal(line.active, 0);
    assert.equal(clock.pending, 0);
  });

  void it('cancels a ringing call on hangup(): failed{cancelled}, nothing after', async () => {
    const { clock, line } = lineWith(scripted);
    const call = line.originate({ callee: '13800138000' });
    const log = record(call);
    await clock.advance(500);
    assert.equal(call.state, 'ringing');
    const ended = call.hangup();
    assert.equal(call.state, 'ringing'); // the event comes from the clock, never from inside hangup()
    await clock.advance(0);
    assert.deepEqual(log, ['100 ringing', '500 failed {"cause":"cancelled"}']);
    assert.equal((await ended).result, 'cancelled');
    assert.equal((await call.hangup()).result, 'cancelled');
    await clock.advance(120_000);
    assert.equal(log.length, 2);
    assert.equal(line.active, 0);
    assert.equal(clock.pending, 0);
  });

  void it('cancels while still dialing, before any ringing', async () => {
    const { clock, line } = lineWith(scripted);
    const call = line.originate({ callee: '13800138000' });
    const log = record(call);
    void call.hangup();
    await clock.advance(10_000);
    assert.deepEqual(log, ['0 failed {"cause":"cancelled"}']);
  });

  void it('gives up after the ring timeout with 无人应答', async () => {
    const { clock, line } = lineWith({ ...scripted, timing: { answered: { afterMs: 30_000 } } });
    const call = line.originate({ callee: '13800138000', timeoutMs: 10_000 });
    const log = record(call);
    await clock.advance(60_000);
    assert.deepEqual(log, ['100 ringing', '10000 failed {"cause":"noAnswer"}']);
  });

  void it('reports a carrier outcome without ringing when the outcome does not ring', async () => {
    const { clock, line } = lineWith({
      ...scripted,
      outcomes: { vacant: 1 },
      timing: { vacant: { afterMs: 3000 } },
    });
    const call = line.originate({ callee: '13800138000' });
    const log = record(call);
    await clock.advance(60_000);
    assert.deepEqual(log, ['3100 failed {"cause":"vacant"}']);
    assert.equal((await call.ended).talkMs, 0);
  });

  void it('refuses originates beyond capacity with lineFull, and frees slots as calls end', async () => {
    const { clock, line } = lineWith({ ...scripted, capacity: 2 });
    const a = line.originate({ callee: '1' });
    line.originate({ callee: '2' });
    const c = line.originate({ callee: '3' });
    const log = record(c);
    assert.equal(line.active, 2);
    await clock.advance(0);
    assert.deepEqual(log, ['0 failed {"cause":"lineFull"}']);
    void a.hangup();
    await clock.advance(0);
    assert.equal(line.active, 1);
    const d = line.originate({ callee: '4' });
    await clock.advance(200);
    assert.equal(d.state, 'ringing');
    assert.equal(line.health().consecutiveFailures, 0);
  });

  void it('fails every originate fast with lineDown while down, and counts the streak in health', async () => {
    const { clock, line } = lineWith({ ...scripted, down: true });
    assert.equal(line.health().up, false);
    const calls = ['1', '2', '3'].map((callee) => line.originate({ callee }));
    await clock.advance(0);
    for (const call of calls) assert.equal((await call.ended).result, 'lineDown');
    assert.equal(line.active, 0);
    const health = line.health();
    assert.equal(health.consecutiveFailures, 3);
    assert.equal(health.lastFailure?.cause, 'lineDown');
    line.setDown(false);
    const ok = line.originate({ callee: '4' });
    await clock.advance(5_000);
    assert.equal(ok.state, 'answered');
    void ok.hangup();
    await clock.advance(0);
    assert.deepEqual([line.health().up, line.health().consecutiveFailures], [true, 0]);
  });

  void it('fails calls with lineError at the configured failure rate', async () => {
    const { clock, line } = lineWith({ ...scripted, failureRate: 1, capacity: 10 });
    const calls = ['1', '2'].map((callee) => line.originate({ callee }));
    const logs = calls.map(record);
    await clock.advance(10_000);
    assert.deepEqual(logs, [['100 failed {"cause":"lineError"}'], ['100 failed {"cause":"lineError"}']]);
    assert.equal(line.health().consecutiveFailures, 2);
    line.setFailureRate(0);
    const ok = line.originate({ callee: '3' });
    await clock.advance(3_000);
    assert.equal(ok.state, 'answered');
    assert.throws(() => line.setFailureRate(2), RangeError);
  });

  void it('enforces a CPS limit over a sliding second', async () => {
    const { clock, line } = lineWith({ ...scripted, cps: 2, capacity: 100 });
    const first = ['1', '2', '3'].map((callee) => line.originate({ callee }));
    await clock.advance(999);
    const late = line.originate({ callee: '4' });
    await clock.advance(1);
    const fresh = line.originate({ callee: '5' });
    await clock.advance(0);
    assert.deepEqual(
      [...first, late, fresh].map((c) => c.state),
      ['ringing', 'ringing', 'failed', 'failed', 'dialing'],
    );
    assert.equal((await first[2]!.ended).result, 'lineRateLimited');
  });

  void it('close() hangs up active calls and refuses new ones', async () => {
    const { clock, line } = lineWith(scripted);
    const talking = line.originate({ callee: '1' });
    await clock.advance(3_000);
    const ringing = line.originate({ callee: '2' });
    await clock.advance(500);
    assert.deepEqual([talking.state, ringing.state], ['answered', 'ringing']);
    const closed = line.close();
    await clock.advance(0);
    await closed;
    assert.deepEqual([talking.state, ringing.state], ['hungUp', 'failed']);
    assert.equal((await ringing.ended).result, 'cancelled');
    const after = line.originate({ callee: '3' });
    await clock.advance(0);
    assert.equal((await after.ended).result, 'lineDown');
  });

  void it('keeps a call going when a listener throws, surfacing the error to whoever drives the clock', async () => {
    const { clock, line } = lineWith(scripted);
    const call = line.originate({ callee: '13800138000' });
    call.on('ringing', () => {
      throw new Error('robot bug');
    });
    await assert.rejects(clock.advance(60_000), /robot bug/);
    await clock.advance(60_000);
    assert.equal(call.state, 'answered');
  });

  void it('runs on a clock following real time at speed ×N (a demo day in minutes)', async () => {
    const clock = new VirtualClock(T0);
    const { line } = lineWith(scripted, clock);
    // ×20, not a demo's ×2,000: at ×2,000 a 30 ms stall of a loaded machine is a minute of virtual time, past the
    // ring time-out, and the call would end unanswered.
    const stop = clock.startRealtime({ speed: 20 });
    try {
      const call = line.originate({ callee: '13800138000' });
      call.on('answered', () => void call.say('您好').then(() => call.hangup()));
      const end = await call.ended;
      assert.equal(end.result, 'answered');
      // Real time is never exact: timers fire late by real lateness × speed, never early.
      assert.ok((end.answeredAt?.getTime() ?? 0) >= T0 + 2100);
      assert.ok(end.endedAt.getTime() - (end.answeredAt?.getTime() ?? 0) >= 400);
    } finally {
      stop();
    }
  });

  void it('numbers channel ids per line and uses the requested caller id', () => {
    const { line } = lineWith(scripted);
    const a = line.originate({ callee: '1', caller: '02188886666' });
    const b = line.originate({ callee: '1' });
    assert.deepEqual([a.id, b.id, a.lineId], ['sim:1', 'sim:2', 'sim']);
    assert.equal(a.caller, '02188886666');
  });
});
