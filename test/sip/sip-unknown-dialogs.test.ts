// Requests for dialogs our UA does not know (sipp as a UAC aimed at the line's SIP address): each gets
// 481 Call/Transaction Does Not Exist and is logged; a live call whose Call-ID is reused with a stale tag (or no
// To tag and another From tag) stays up, and once it is over its own Call-ID gets 481 too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { recordingLogger } from '../support/recording-logger.js';
import { sipTestEnv, sipTestLine } from '../support/sip-line.js';
import { startSipp } from '../support/sipp.js';

const UAC = 'uac-requests-for-unknown-dialogs.xml';

describe('SIP against sipp: requests for unknown dialogs', () => {
  it('BYE, INFO, UPDATE, NOTIFY, re-INVITE on unknown dialogs and a stale tag on a live call: 481, logged', async () => {
    const log = recordingLogger();
    const callee = await startSipp('uas-answer-echo-then-bye.xml', { rtpEcho: true });
    const line = sipTestLine(callee.port, {}, sipTestEnv({ log }));
    const ua = await line.start();
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    await Promise.race([
      new Promise<void>((resolve) => call.on('answered', () => resolve())),
      callee.done.then((r) => Promise.reject(new Error(`callee sipp exited first: ${r.output}`))),
    ]);

    const refused = () => log.entries.filter((e) => e.msg.includes('481'));
    const methods = ['BYE', 'INFO', 'UPDATE', 'NOTIFY', 'INVITE', 'BYE', 'BYE'];
    const unknown = await startSipp(UAC, { target: ua });
    const unknownDone = await unknown.done;
    assert.equal(unknownDone.code, 0, unknownDone.output);
    assert.deepEqual(
      refused().map((e) => e.fields.method),
      methods,
    );
    assert.ok(refused().every((e) => e.level === 'warn' && e.fields.callId !== call.callId));

    // The live call's Call-ID with To tags that are not ours, or none and a From tag that is not the far end's:
    // refused, and the call stays up.
    const stale = await startSipp(UAC, { target: ua, args: ['-cid_str', call.callId] });
    const staleDone = await stale.done;
    assert.equal(staleDone.code, 0, staleDone.output);
    assert.equal(call.state, 'answered', 'the live call is untouched by requests with a stale tag');
    assert.deepEqual(
      refused()
        .slice(methods.length)
        .map((e) => [e.fields.method, e.fields.callId]),
      methods.map((m) => [m, call.callId]),
    );

    const end = await call.hangup();
    assert.equal(end.hangupBy, 'local');
    const calleeDone = await callee.done;
    assert.equal(calleeDone.code, 0, calleeDone.output);

    // The call is over: its Call-ID names no live dialog any more.
    const after = await startSipp(UAC, { target: ua, args: ['-cid_str', call.callId] });
    const afterDone = await after.done;
    assert.equal(afterDone.code, 0, afterDone.output);
    assert.equal(refused().length, 3 * methods.length);
    assert.equal(line.active, 0);
  });
});
