import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { sipTestLine } from '../support/sip-line.js';
import { sippCountsOf200AfterInvite, startSipp, type SippRun } from '../support/sipp.js';

/** Resolves on the answer; rejects with sipp's output if sipp exits first (a scenario error must not hang). */
const answered = (call: SipChannel, sipp: SippRun) =>
  Promise.race([
    new Promise<void>((resolve) => call.on('answered', () => resolve())),
    sipp.done.then((r) => Promise.reject(new Error(`sipp exited ${r.code} before the answer: ${r.output}`))),
  ]);

describe('SIP against sipp: in the call', () => {
  it('the callee hangs up first: BYE answered, hangup{remote, normal}', async () => {
    const sipp = await startSipp('uas-answer-then-hang-up-first.xml');
    const line = sipTestLine(sipp.port);
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    const end = await call.ended;
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.equal(end.result, 'answered');
    assert.equal(end.hangupBy, 'remote');
    assert.equal(end.hangupCause, 'normal');
    assert.ok(end.talkMs > 0);
  });

  it('a re-INVITE mid-call is answered with our SDP and the call stays up until we hang up', async () => {
    const sipp = await startSipp('uas-reinvite-mid-call.xml');
    const line = sipTestLine(sipp.port);
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    await answered(call, sipp);
    await new Promise((r) => setTimeout(r, 1_200)); // the re-INVITE comes after 500 ms
    assert.equal(call.state, 'answered');
    const end = await call.hangup();
    const result = await sipp.done;
    assert.equal(result.code, 0, result.output);
    assert.equal(end.hangupBy, 'local');
    // sipp ACKed our 200 at once: it was never sent again (its Retrans column for that row is 0).
    assert.deepEqual(sippCountsOf200AfterInvite(result.output), [1, 0], result.output);
  });

  it('a DTMF key pressed by the callee (RFC 4733 from the capture) becomes one dtmf event', async () => {
    const sipp = await startSipp('uas-answer-press-1.xml');
    const line = sipTestLine(sipp.port);
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    const digits: string[] = [];
    const pressed = new Promise<void>((resolve) =>
      call.on('dtmf', (e) => {
        digits.push(e.digit);
        resolve();
      }),
    );
    await Promise.race([pressed, sipp.done.then((r) => Promise.reject(new Error(r.output)))]);
    await new Promise((r) => setTimeout(r, 300)); // the end packet's repeats
    await call.hangup();
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.deepEqual(digits, ['1']);
  });

  for (const status of [401, 407]) {
    it(`a ${status} challenge is answered with digest credentials and the call connects`, async () => {
      const sipp = await startSipp(`uas-challenge-${status}-then-answer.xml`);
      const line = sipTestLine(sipp.port, { username: '4001', password: 's3cret' });
      const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
      await answered(call, sipp);
      await call.hangup();
      const result = await sipp.done;
      assert.equal(result.code, 0, result.output);
    });

    if (status === 401) {
      it(`a wrong password: the ${status} comes again and the call fails as a line fault`, async () => {
        const sipp = await startSipp(`uas-challenge-${status}-then-answer.xml`);
        const line = sipTestLine(sipp.port, { username: '4001', password: 'wrong' });
        const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
        const end = await call.ended;
        const done = await sipp.done;
        assert.equal(done.code, 0, done.output);
        assert.equal(end.result, 'lineError');
        assert.equal(call.outcome?.status, status);
      });
    }
  }

  it('an UPDATE mid-call is answered with our SDP; keys sent as SIP INFO (dtmf-relay, dtmf) become dtmf events', async () => {
    const sipp = await startSipp('uas-answer-update-info-keys.xml');
    const line = sipTestLine(sipp.port);
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    const digits: string[] = [];
    const both = new Promise<void>((resolve) =>
      call.on('dtmf', (e) => {
        digits.push(e.digit);
        if (digits.length === 2) resolve();
      }),
    );
    await Promise.race([both, sipp.done.then((r) => Promise.reject(new Error(r.output)))]);
    assert.equal(call.state, 'answered');
    await call.hangup();
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.deepEqual(digits, ['5', '7']);
  });

  it('early media (183 with SDP) is received and kept with the call that then fails 404 → vacant', async () => {
    const sipp = await startSipp('uas-early-media-then-404.xml');
    const line = sipTestLine(sipp.port);
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    const end = await call.ended;
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.equal(end.result, 'vacant');
    // 1 s of 440 Hz: about 50 frames of 20 ms, loud (A-law decoded back).
    const loud = call.earlyMedia.filter((f) => f.some((v) => Math.abs(v) > 4000));
    assert.ok(loud.length >= 45 && loud.length <= 55, `early media frames: ${loud.length}`);
  });
});
