import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowList } from '../../lib/ip-range.js';
import { CallbackSender, parseRetryAfter, type CallbackSenderOptions } from './callback-sender.js';
import type { Resolver } from './guarded-lookup.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface TestServer {
  url: string;
  port: number;
  requests: { headers: IncomingMessage['headers']; body: string; path: string }[];
  connections: number;
  maxConcurrent: number;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback address that records what it receives. */
async function startServer(handler: Handler, host = '127.0.0.1'): Promise<TestServer> {
  let concurrent = 0;
  const state: Omit<TestServer, 'url' | 'port' | 'close'> = {
    requests: [],
    connections: 0,
    maxConcurrent: 0,
  };
  const server: Server = createServer((req, res) => {
    concurrent++;
    state.maxConcurrent = Math.max(state.maxConcurrent, concurrent);
    res.on('close', () => concurrent--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ headers: req.headers, body, path: req.url ?? '' });
      handler(req, res, body);
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://${host}:${port}/callback?x=1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const reply =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

const loopback = parseAllowList('127.0.0.0/8').allowList;
const senders: CallbackSender[] = [];
const newSender = (options: CallbackSenderOptions = {}) => {
  const sender = new CallbackSender({ allowList: loopback, ...options });
  senders.push(sender);
  return sender;
};
const servers: TestServer[] = [];
const serve = async (handler: Handler, host?: string) => {
  const s = await startServer(handler, host);
  servers.push(s);
  return s;
};
after(async () => {
  await Promise.all(senders.map((s) => s.close()));
  await Promise.all(servers.map((s) => s.close()));
});

void describe(CallbackSender.name, () => {
  void it('delivers the body and headers and reports a 200 SUCCESS', async () => {
    const server = await serve(reply(200, 'SUCCESS'));
    const body = '{"sn":"account|1","name":"张三"}';
    const r = await newSender().send({ url: server.url, body, headers: { 'X-Aicall-Event-Id': 'evt_1' } });
    assert.equal(r.status, 200);
    assert.equal(r.bodySnippet, 'SUCCESS');
    assert.equal(r.bodyBytes, 7);
    assert.equal(r.error, undefined);
    const got = server.requests[0];
    assert.ok(got);
    assert.equal(got.body, body);
    assert.equal(got.path, '/callback?x=1');
    assert.equal(got.headers['x-aicall-event-id'], 'evt_1');
    assert.equal(got.headers['content-type'], 'application/json;charset=utf-8');
  });

  void it('reports a 200 with another body as a plain response (the policy judges it)', async () => {
    const server = await serve(reply(200, '{"code":0}'));
    const r = await newSender().send({ url: server.url, body: '{}' });
    assert.deepEqual([r.status, r.bodySnippet, r.error], [200, '{"code":0}', undefined]);
  });

  void it('reports a 500 with its body and no transport error', async () => {
    const server = await serve(reply(500, 'boom'));
    const r = await newSender().send({ url: server.url, body: '{}' });
    assert.deepEqual([r.status, r.bodySnippet, r.error], [500, 'boom', undefined]);
  });

  void it('gives up after the per-attempt timeout when the server does not answer', async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end('SUCCESS'), 2_000).unref());
    const r = await newSender().send({ url: server.url, body: '{}', timeoutMs: 150 });
    assert.equal(r.status, 0);
    assert.equal(r.error?.kind, 'timeout');
  });

  void it('counts a slow body against the same deadline', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('SUC');
      setTimeout(() => res.end('CESS'), 15_000).unref();
    });
    // The deadline leaves ample time for the headers on a loaded machine; only the body is late.
    const r = await newSender().send({ url: server.url, body: '{}', timeoutMs: 1_500 });
    assert.equal(r.status, 200);
    assert.equal(r.error?.kind, 'timeout');
  });

  void it('stops reading an oversized body, chunked or declared', async () => {
    const big = 'x'.repeat(100 * 1024);
    const chunked = await serve((_req, res) => {
      res.writeHead(200);
      res.write(big.slice(0, 50_000));
      res.end(big.slice(50_000));
    });
    const declared = await serve(reply(200, big, { 'content-length': String(big.length) }));
    const sender = newSender();
    const a = await sender.send({ url: chunked.url, body: '{}' });
    assert.equal(a.error?.kind, 'too_large');
    assert.equal(a.bodySnippet.length, 1024);
    const b = await sender.send({ url: declared.url, body: '{}', maxResponseBytes: 10 });
    assert.deepEqual([b.status, b.error?.kind, b.bodyBytes], [200, 'too_large', big.length]);
  });

  void it('keeps a snippet of at most 1 KiB cut at a character boundary', async () => {
    const server = await serve(reply(200, '成功'.repeat(400)));
    const r = await newSender().send({ url: server.url, body: '{}' });
    assert.equal(r.error, undefined);
    assert.equal(r.bodyBytes, 2400);
    assert.ok(Buffer.byteLength(r.bodySnippet) <= 1024);
    assert.ok(!r.bodySnippet.includes('\uFFFD'));
    assert.equal(r.bodySnippet.length, 341);
  });

  void it('does not follow redirects', async () => {
    const target = await serve(reply(200, 'SUCCESS'));
    const server = await serve(reply(302, 'moved', { location: target.url }));
    const r = await newSender().send({ url: server.url, body: '{}' });
    assert.equal(r.status, 302);
    assert.equal(r.error?.kind, 'redirect');
    assert.match(r.error.message, /302/);
    assert.equal(target.requests.length, 0);
  });

  void it('reports a refused connection', async () => {
    const gone = await startServer(reply(200, ''));
    await gone.close();
    const r = await newSender().send({ url: gone.url, body: '{}' });
    assert.equal(r.status, 0);
    assert.equal(r.error?.kind, 'connect');
    assert.match(r.error.message, /ECONNREFUSED/);
  });

  void it('refuses loopback unless allow-listed, and sends nothing', async () => {
    const server = await serve(reply(200, 'SUCCESS'));
    const strict = newSender({ allowList: parseAllowList('').allowList });
    const refused = await strict.send({ url: server.url, body: '{}' });
    assert.equal(refused.error?.kind, 'ssrf');
    const byName = await strict.send({ url: `http://localhost:${server.port}/`, body: '{}' });
    assert.equal(byName.error?.kind, 'ssrf');
    assert.equal(server.requests.length, 0);
    const allowed = await newSender({ allowList: parseAllowList('127.0.0.0/8').allowList }).send({
      url: server.url,
      body: '{}',
    });
    assert.deepEqual([allowed.status, allowed.error], [200, undefined]);
  });

  void it('checks the address actually connected to, not an earlier answer (DNS rebinding)', async () => {
    const server = await serve(reply(200, 'SUCCESS'));
    // A name whose answer is public at "check" time and loopback at connect time: only the connect-time answer counts.
    let calls = 0;
    const rebinding: Resolver = () =>
      Promise.resolve(
        calls++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }],
      );
    await rebinding('warm-up'); // the "check" a naive guard would have made
    const url = `http://rebind.test:${server.port}/`;
    const refused = await newSender({ allowList: parseAllowList('').allowList, resolve: rebinding }).send({
      url,
      body: '{}',
    });
    assert.equal(refused.error?.kind, 'ssrf');
    assert.match(refused.error.message, /127\.0\.0\.1/);
    assert.equal(server.requests.length, 0);
    const byHost = newSender({ allowList: parseAllowList('rebind.test').allowList, resolve: rebinding });
    assert.equal((await byHost.send({ url, body: '{}' })).status, 200);
  });

  void it('guards TLS connections with the same lookup', async () => {
    const toLoopback: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const sender = newSender({ allowList: parseAllowList('').allowList, resolve: toLoopback });
    const r = await sender.send({ url: 'https://secure.test:9/', body: '{}' });
    assert.equal(r.error?.kind, 'ssrf');
  });

  void it('reports resolver failures as dns', async () => {
    const notFound: Resolver = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nx.test'), { code: 'ENOTFOUND' }));
    const r = await newSender({ resolve: notFound }).send({ url: 'http://nx.test/', body: '{}' });
    assert.deepEqual([r.status, r.error?.kind], [0, 'dns']);
  });

  void it('reports unusable URLs and bad headers as results, never as exceptions', async () => {
    const sender = newSender();
    assert.equal((await sender.send({ url: 'ftp://example.com/', body: '' })).error?.kind, 'invalid_url');
    assert.equal(
      (await sender.send({ url: 'http://u:p@example.com/', body: '' })).error?.kind,
      'invalid_url',
    );
    assert.equal((await sender.send({ url: 'not a url', body: '' })).error?.kind, 'invalid_url');
    const server = await serve(reply(200, 'SUCCESS'));
    const r = await sender.send({ url: server.url, body: '', headers: { 'x-bad': 'a\r\nb' } });
    assert.equal(r.status, 0);
    assert.ok(r.error);
  });

  void it('passes Retry-After of a 429 on', async () => {
    const server = await serve(reply(429, 'slow down', { 'retry-after': '120' }));
    const r = await newSender().send({ url: server.url, body: '{}' });
    assert.deepEqual([r.status, r.retryAfterSeconds, r.error], [429, 120, undefined]);
  });

  void it('reuses one keep-alive connection for sequential sends', async () => {
    const server = await serve(reply(200, 'SUCCESS'));
    const sender = newSender();
    for (let i = 0; i < 50; i++) {
      assert.equal((await sender.send({ url: server.url, body: `{"i":${i}}` })).status, 200);
    }
    // undici may open a second socket when the next request is dispatched just before the first socket is marked
    // idle again; after that the pool alternates between them. Without keep-alive this would be 50.
    assert.ok(server.connections <= 2, `connections: ${server.connections}`);
  });
});

void describe('CallbackSender per-host concurrency', () => {
  let slow: TestServer;
  let other: TestServer;
  before(async () => {
    slow = await serve((_req, res) => setTimeout(() => res.end('SUCCESS'), 100));
    other = await serve(reply(200, 'SUCCESS'), '127.0.0.2');
  });

  void it('never has more than the limit in flight at one host', async () => {
    const sender = newSender({ perHostConcurrency: 3 });
    const sends = Array.from({ length: 12 }, () => sender.send({ url: slow.url, body: '{}' }));
    assert.equal(sender.inFlight('127.0.0.1'), 3);
    assert.equal(sender.waiting('127.0.0.1'), 9);
    const results = await Promise.all(sends);
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(slow.maxConcurrent, 3);
    assert.ok(results.some((r) => r.queuedMs >= 100));
    assert.equal(sender.inFlight('127.0.0.1'), 0);
  });

  void it('does not let a slow host delay another host', async () => {
    const sender = newSender({ perHostConcurrency: 1 });
    const order: string[] = [];
    const slowSends = Array.from({ length: 4 }, (_, i) =>
      sender.send({ url: slow.url, body: '{}' }).then(() => order.push(`slow${i}`)),
    );
    const fast = sender.send({ url: other.url, body: '{}' }).then((r) => {
      order.push('other');
      return r;
    });
    assert.equal((await fast).status, 200);
    await Promise.all(slowSends);
    assert.equal(order[0], 'other');
  });
});

void describe(parseRetryAfter.name, () => {
  void it('reads delta-seconds and HTTP dates, capped at a day', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('30', now), 30);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now), 60);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('999999', now), 86_400);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});
