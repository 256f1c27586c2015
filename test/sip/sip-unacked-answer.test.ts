import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { sipTestEnv, sipTestLine } from '../support/sip-line.js';
import { sippCountsOf200AfterInvite, startSipp } from '../support/sipp.js';

describe('SIP against sipp: a far end that never ACKs our answer to its re-INVITE', () => {
  it('our 200 is sent again until 64·T1, then the call ends with our BYE as a network fault', async () => {
    const sipp = await startSipp('uas-reinvite-never-ack.xml');
    // T1 = 100 ms: 64·T1 = 6.4 s; sipp's own re-INVITE timer is 500 ms, longer than our first resend.
    const line = sipTestLine(sipp.port, {}, sipTestEnv({ t1Ms: 100 }));
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    const end = await call.ended;
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.equal(end.result, 'answered');
    assert.equal(end.hangupBy, 'local');
    assert.equal(end.hangupCause, 'networkError');
    assert.match(call.outcome?.reason ?? '', /no ACK/);
    assert.ok(end.talkMs >= 6_000, `ended ${end.talkMs} ms after the answer, not before 64·T1`);
    // sipp's message table: our 200 to its re-INVITE, received once and then resent.
    const counts = sippCountsOf200AfterInvite(done.output);
    assert.ok(counts, done.output);
    assert.equal(counts[0], 1);
    // Resent at 0.1, 0.3, 0.7, 1.5, 3.1 and 6.3 s (T1 doubling) before the 6.4 s limit.
    assert.ok(counts[1] >= 5, `our 200 was resent ${counts[1]} times`);
  });
});
