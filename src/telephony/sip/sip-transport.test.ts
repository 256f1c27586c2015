import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { openTransport, type SipTransport } from './sip-transport.js';
import { parseSip, type SipMessage } from './sip-message.js';

const OPTIONS =
  'OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK1\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\n' +
  'To: <sip:a@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';

/** Resolves with the first message the transport delivers. */
function firstMessage(t: SipTransport): Promise<SipMessage> {
  return new Promise((resolve) => t.onMessage((m) => resolve(m)));
}

describe('SIP transport: malformed input from the far end', () => {
  it('UDP: garbage datagrams are counted and dropped, the next valid message still arrives', async () => {
    const far = dgram.createSocket('udp4');
    far.bind(0, '127.0.0.1');
    await once(far, 'listening');
    const t = await openTransport(
      'udp',
      { host: '127.0.0.1', port: far.address().port },
      { address: '127.0.0.1' },
    );
    const got = firstMessage(t);
    const send = (b: string | Buffer) =>
      new Promise<void>((resolve) => far.send(b, t.local.port, '127.0.0.1', () => resolve()));
    await send('HELLO\r\n\r\n');
    await send(Buffer.from([0, 1, 2, 255, 254]));
    await send('INVITE sip:x SIP/2.0\r\nno colon here\r\n\r\n');
    await send(OPTIONS);
    const m = await got;
    assert.equal(m.kind === 'request' && m.method, 'OPTIONS');
    assert.equal(t.malformed, 3);
    await t.close();
    far.close();
  });

  it('TCP: a stream no message fits is dropped and counted; the next send opens a fresh connection', async () => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    const accepted = once(server, 'connection');
    const t = await openTransport('tcp', { host: '127.0.0.1', port });
    const [peer] = (await accepted) as [net.Socket];
    const closed = once(peer, 'close');
    peer.write('X'.repeat(70_000)); // no SIP head ends in it: the stream cannot be framed again
    await closed;
    assert.equal(t.malformed, 1);
    const second = once(server, 'connection');
    const parsed = parseSip(Buffer.from(OPTIONS.replace('UDP', 'TCP')), true);
    assert.ok(parsed);
    t.send(parsed.message, { host: '127.0.0.1', port });
    const [fresh] = (await second) as [net.Socket];
    const [data] = (await once(fresh, 'data')) as [Buffer];
    assert.match(data.toString(), /^OPTIONS sip:a@127\.0\.0\.1 SIP\/2\.0/);
    fresh.destroy();
    await t.close();
    server.close();
  });
});
