import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { RtpPortPool } from '../../src/telephony/rtp/port-pool.js';
import { sipTestEnv, sipTestLine } from '../support/sip-line.js';
import { freeUdpPort, startSipp } from '../support/sipp.js';

async function failedCall(scenario: string, originate: { timeoutMs?: number } = {}, env = sipTestEnv()) {
  const sipp = await startSipp(scenario);
  const line = sipTestLine(sipp.port, {}, env);
  const call = line.originate({ callee: '13800138000', caller: '4001', ...originate }) as SipChannel;
  const failed = new Promise<string>((resolve) => call.on('failed', (e) => resolve(e.cause)));
  const end = await call.ended;
  const result = await sipp.done;
  assert.equal(result.code, 0, result.output);
  assert.equal(await failed, end.result);
  return { end, call, line };
}

describe('SIP against sipp: calls that are not answered', () => {
  for (const [scenario, status, cause] of [
    ['uas-busy-486.xml', 486, 'busy'],
    ['uas-vacant-404.xml', 404, 'vacant'],
    ['uas-unavailable-480.xml', 480, 'noAnswer'],
    ['uas-powered-off-480-q850-20.xml', 480, 'poweredOff'],
    ['uas-trunk-fault-503.xml', 503, 'lineError'],
  ] as const) {
    it(`${status} from ${scenario} → ${cause}, the response ACKed, the raw status kept`, async () => {
      const { end, call, line } = await failedCall(scenario);
      assert.equal(end.result, cause);
      assert.equal(call.outcome?.status, status);
      assert.equal(end.talkMs, 0);
      assert.equal(line.active, 0);
      assert.equal(line.health().consecutiveFailures, cause === 'lineError' ? 1 : 0);
    });
  }

  it('never answered: CANCEL at the ring timeout, 487 → noAnswer, nothing left (sipp saw the whole exchange)', async () => {
    const { end, call, line } = await failedCall('uas-ring-never-answer.xml', { timeoutMs: 800 });
    assert.equal(end.result, 'noAnswer');
    assert.ok(end.ringingAt, 'it rang');
    assert.equal(call.outcome?.status, 487);
    assert.equal(line.active, 0);
  });

  it('a trunk that rings longer than the INVITE transaction timer (64×T1) still rings until the ring timeout', async () => {
    // T1 = 5 ms: without the provisional response ending Timer B the call would fail at 320 ms as a time-out.
    const { end, call } = await failedCall(
      'uas-ring-never-answer.xml',
      { timeoutMs: 1_200 },
      sipTestEnv({ t1Ms: 5 }),
    );
    assert.equal(end.result, 'noAnswer');
    assert.equal(call.outcome?.status, 487);
    assert.ok(end.endedAt.getTime() - (end.ringingAt?.getTime() ?? 0) >= 900, 'rang to the ring timeout');
  });

  it('a trunk that answers nothing (closed port): INVITE time-out → lineDown, a line fault, nothing left', async () => {
    const line = sipTestLine(await freeUdpPort(), {}, sipTestEnv({ t1Ms: 20 }));
    const call = line.originate({ callee: '13800138000' }) as SipChannel;
    const end = await call.ended;
    assert.equal(end.result, 'lineDown');
    assert.equal(end.ringingAt, undefined);
    assert.equal(call.outcome?.status, 408);
    assert.equal(line.active, 0);
    await new Promise((r) => setImmediate(r)); // the line books the end after the call's own listeners
    assert.equal(line.health().consecutiveFailures, 1);
  });

  it('our hang-up while ringing: CANCEL, 487 → cancelled', async () => {
    const sipp = await startSipp('uas-ring-never-answer.xml');
    const line = sipTestLine(sipp.port);
    const call = line.originate({ callee: '13800138000' }) as SipChannel;
    await new Promise<void>((resolve) => call.on('ringing', () => resolve()));
    const end = await call.hangup();
    assert.equal(end.result, 'cancelled');
    assert.equal((await sipp.done).code, 0);
    assert.equal(line.active, 0);
  });

  it('the RTP port range exhausted: the next call fails as a line error before any INVITE, the live call goes on', async () => {
    const sipp = await startSipp('uas-answer-echo-then-bye.xml', { rtpEcho: true });
    const base = 20_000 + Math.floor(Math.random() * 10_000) * 2;
    const ports = new RtpPortPool(base, base + 1, '127.0.0.1'); // room for one call
    const line = sipTestLine(sipp.port, {}, sipTestEnv({ ports }));
    const first = line.originate({ callee: '13800138000' }) as SipChannel;
    await new Promise<void>((resolve) => first.on('answered', () => resolve()));
    const second = line.originate({ callee: '13800138001' }) as SipChannel;
    const end = await second.ended;
    assert.equal(end.result, 'lineError');
    assert.equal(second.outcome?.reason, 'RTP port range exhausted');
    assert.equal(first.state, 'answered', 'the call holding the port is untouched');
    await first.hangup();
    const done = await sipp.done; // sipp served exactly one call: the second never sent an INVITE
    assert.equal(done.code, 0, done.output);
    assert.equal(ports.available, 1, 'the port is back in the range after the hang-up');
    assert.equal(line.active, 0);
  });
});
