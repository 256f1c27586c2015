// A SIP line's configuration against sipp: TCP transport, the outbound proxy, the caller pool in rotation, the
// dialled-number rewrite, the public address behind NAT, the codec offer, and REGISTER with digest and refresh.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import { recordingLogger } from '../support/recording-logger.js';
import { sipTestEnv, sipTestLine } from '../support/sip-line.js';
import { SIPP_HOST, sippReceived, startSipp } from '../support/sipp.js';

const messageLog = async () => path.join(await mkdtemp(path.join(tmpdir(), 'aicall-sipp-')), 'messages.log');
const header = (message: string, name: string) =>
  new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message)?.[1]?.trim() ?? '';

describe('SIP line options against sipp', () => {
  it('TCP: the call is set up, answered and ended over one stream connection', async () => {
    const sipp = await startSipp('uas-answer-then-hang-up-first.xml', { transport: 'tcp' });
    const line = sipTestLine(sipp.port, { transport: 'tcp' });
    const call = line.originate({ callee: '13800138000', caller: '4001' }) as SipChannel;
    const end = await call.ended;
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    assert.equal(end.result, 'answered');
    assert.equal(end.hangupBy, 'remote');
    assert.equal(call.outcome?.status, 200);
  });

  it('outbound proxy, caller pool in rotation, number rewrite, public address and the codec offer', async () => {
    const log = await messageLog();
    const sipp = await startSipp('uas-busy-486.xml', { calls: 3, messageLog: log });
    // The trunk's name is only written into the requests: every packet goes to the proxy (sipp).
    const line = sipTestLine(
      0,
      {
        host: 'trunk.test',
        port: 5070,
        outbound_proxy: `${SIPP_HOST}:${sipp.port}`,
        callers: ['01011112222', '01033334444'],
        dial_prefix: '9',
      },
      sipTestEnv({ publicAddress: '127.0.0.1' }),
    );
    const callees = ['+8613800138000', '008613900139000', '2088886666'];
    for (const callee of callees) {
      const end = await line.originate({ callee, caller: 'ignored' }).ended;
      assert.equal(end.result, 'busy');
    }
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    const invites = sippReceived(await readFile(log, 'utf8'), 'INVITE');
    assert.deepEqual(
      invites.map((m) => m.split('\n')[0]?.split(' ')[1]),
      [
        'sip:913800138000@trunk.test:5070',
        'sip:913900139000@trunk.test:5070',
        'sip:92088886666@trunk.test:5070',
      ],
    );
    assert.deepEqual(
      invites.map((m) => /<sip:([^@]+)@/.exec(header(m, 'From'))?.[1]),
      ['01011112222', '01033334444', '01011112222'],
    );
    for (const m of invites) {
      assert.match(header(m, 'Contact'), /@127\.0\.0\.1:\d+/);
      assert.match(m, /^c=IN IP4 127\.0\.0\.1$/m);
      assert.match(m, /^m=audio \d+ RTP\/AVP 8 0 101$/m, 'PCMA and PCMU offered, then telephone-event');
      assert.match(m, /^a=rtpmap:101 telephone-event\/8000$/m);
      assert.match(m, /^a=ptime:20$/m);
    }
  });

  it('landline numbers get their 0 when the line asks for it', async () => {
    const log = await messageLog();
    const sipp = await startSipp('uas-busy-486.xml', { calls: 2, messageLog: log });
    const line = sipTestLine(sipp.port, { landline_zero: true, codecs: ['PCMU'] });
    for (const callee of ['1088886666', '13800138000']) await line.originate({ callee }).ended;
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    const invites = sippReceived(await readFile(log, 'utf8'), 'INVITE');
    assert.deepEqual(
      invites.map((m) => /^INVITE sip:([^@]+)@/.exec(m)?.[1]),
      ['01088886666', '13800138000'],
    );
    assert.match(invites[0] ?? '', /^m=audio \d+ RTP\/AVP 0 101$/m, 'only PCMU offered');
  });

  it('REGISTER: challenged, sent again with digest credentials, accepted, and refreshed before it runs out', async () => {
    const sipp = await startSipp('uas-register-challenge-refresh.xml');
    const line = sipTestLine(sipp.port, { register: true, username: '4001', password: 's3cret' });
    await line.start();
    const done = await sipp.done; // the refresh comes 5 s after the 1 s grant (the shortest refresh delay)
    assert.equal(done.code, 0, done.output);
    assert.equal(line.health().registered, true);
  });

  it('REGISTER with a wrong password: refused (403), logged, the line not registered', async () => {
    const log = recordingLogger();
    const sipp = await startSipp('uas-register-challenge-refresh.xml');
    const line = sipTestLine(
      sipp.port,
      { register: true, username: '4001', password: 'wrong' },
      sipTestEnv({ log }),
    );
    await line.start();
    const done = await sipp.done;
    assert.equal(done.code, 0, done.output);
    const refused = log.entries.filter((e) => e.msg === 'SIP REGISTER refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0]?.fields.status, 403);
    assert.equal(line.health().registered, false);
  });
});
