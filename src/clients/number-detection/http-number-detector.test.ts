import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { Clock } from '../../lib/clock.js';
import { HttpNumberDetector } from './http-number-detector.js';
import type { BatchFailure, HttpNumberDetectorOptions } from './http-number-detector.js';

type Handler = (body: { numbers: string[] }, req: IncomingMessage, res: ServerResponse) => void;

/** A vendor on loopback whose behaviour each test swaps. */
class FakeVendor {
  handler: Handler = () => {};
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  lastHeaders: IncomingMessage['headers'] = {};
  readonly server: Server = createServer((req, res) => {
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    this.lastHeaders = req.headers;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      this.handler(JSON.parse(Buffer.concat(chunks).toString()) as { numbers: string[] }, req, res),
    );
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/detect`;
  }

  reset(): void {
    this.requests = 0;
    this.maxInFlight = 0;
    this.handler = () => {};
  }
}

/** Answers by last digit: 0 空号, 1 实号, 2 停机, otherwise not mentioned. */
const answerByLastDigit: Handler = (body, _req, res) => {
  const words = ['空号', '实号', '停机'];
  const data = body.numbers
    .filter((n) => Number(n.at(-1)) < 3)
    .map((n) => ({ mobile: n, status: words[Number(n.at(-1))] }));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ code: 0, data }));
};

function numbers(count: number, start = 13800000000): string[] {
  return Array.from({ length: count }, (_, i) => String(start + i));
}

function countByClass(map: Map<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cls of map.values()) out[cls] = (out[cls] ?? 0) + 1;
  return out;
}

const vendor = new FakeVendor();
const detectors: HttpNumberDetector[] = [];

function detector(options: Partial<HttpNumberDetectorOptions> = {}): HttpNumberDetector {
  const d = new HttpNumberDetector({ url: vendor.url, ...options });
  detectors.push(d);
  return d;
}

void describe(HttpNumberDetector.name, () => {
  before(() => new Promise<void>((resolve) => vendor.server.listen(0, '127.0.0.1', resolve)));
  after(async () => {
    await Promise.all(detectors.map((d) => d.close()));
    vendor.server.closeAllConnections();
    await new Promise((resolve) => vendor.server.close(resolve));
  });
  beforeEach(() => vendor.reset());

  void it('classifies numbers in batches with bounded concurrency', async () => {
    vendor.handler = (body, req, res) => setTimeout(() => answerByLastDigit(body, req, res), 20);
    const sut = detector({ batchSize: 100, concurrency: 2, headers: { 'x-api-key': 'secret' } });
    const input = numbers(1050);
    const result = await sut.detect([...input, ...input.slice(0, 10)]);
    assert.equal(result.size, 1050);
    assert.equal(vendor.requests, 11);
    assert.equal(vendor.maxInFlight, 2);
    assert.equal(vendor.lastHeaders['x-api-key'], 'secret');
    assert.equal(result.get('13800000010'), 'kong');
    assert.equal(result.get('13800000011'), 'shi');
    assert.equal(result.get('13800000012'), 'tingji');
    assert.equal(result.get('13800000019'), 'kuwu');
    assert.deepEqual(countByClass(result), { kong: 105, shi: 105, tingji: 105, kuwu: 735 });
  });

  void it('sends nothing for an empty list', async () => {
    assert.equal((await detector().detect([])).size, 0);
    assert.equal(vendor.requests, 0);
  });

  void it('uses a custom body builder and status codes', async () => {
    let received: unknown;
    vendor.handler = (body, _req, res) => {
      received = body;
      res.end(JSON.stringify({ result: { list: [{ tel: '13800000000', code: '1' }] } }));
    };
    const sut = detector({ buildBody: (n) => ({ mobiles: n.join(',') }), statusMap: { '1': 'kong' } });
    assert.equal((await sut.detect(['13800000000'])).get('13800000000'), 'kong');
    assert.deepEqual(received, { mobiles: '13800000000' });
  });

  void it('falls back to kuwu when the vendor is down', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const failures: BatchFailure[] = [];
    const sut = detector({ url: `http://127.0.0.1:${port}/`, onBatchFailure: (f) => failures.push(f) });
    const result = await sut.detect(numbers(10));
    assert.deepEqual(countByClass(result), { kuwu: 10 });
    assert.equal(failures[0]?.reason, 'network');
  });

  void it('falls back to kuwu when the vendor is slow, within the timeout', async () => {
    vendor.handler = (body, req, res) => setTimeout(() => answerByLastDigit(body, req, res), 3000).unref();
    const failures: BatchFailure[] = [];
    const sut = detector({ timeoutMs: 200, onBatchFailure: (f) => failures.push(f) });
    const started = Date.now();
    const result = await sut.detect(numbers(5));
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.deepEqual(countByClass(result), { kuwu: 5 });
    assert.equal(failures[0]?.reason, 'timeout');
  });

  void it('falls back to kuwu when the body stalls after the headers', async () => {
    vendor.handler = (_body, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
    };
    const failures: BatchFailure[] = [];
    const sut = detector({ timeoutMs: 200, onBatchFailure: (f) => failures.push(f) });
    assert.deepEqual(countByClass(await sut.detect(numbers(3))), { kuwu: 3 });
    assert.equal(failures[0]?.reason, 'timeout');
  });

  const garbage: [string, Handler, BatchFailure['reason']][] = [
    [
      'an HTML error page',
      (_b, _r, res) => res.writeHead(502).end('<html>Bad Gateway</html>'),
      'http-status',
    ],
    ['a non-JSON 200', (_b, _r, res) => res.end('OK'), 'bad-body'],
    ['an error envelope', (_b, _r, res) => res.end('{"code":500,"msg":"余额不足"}'), 'bad-body'],
    ['an empty list', (_b, _r, res) => res.end('{"code":0,"data":[]}'), 'no-results'],
    ['an oversized body', (_b, _r, res) => res.end(JSON.stringify({ data: 'x'.repeat(5000) })), 'too-large'],
  ];
  for (const [what, handler, reason] of garbage) {
    void it(`falls back to kuwu on ${what}`, async () => {
      vendor.handler = handler;
      const failures: BatchFailure[] = [];
      const sut = detector({ maxResponseBytes: 4096, onBatchFailure: (f) => failures.push(f) });
      assert.deepEqual(countByClass(await sut.detect(numbers(4))), { kuwu: 4 });
      assert.deepEqual(
        failures.map((f) => f.reason),
        [reason],
      );
    });
  }

  void it('stops calling a failing vendor until the cool-down has passed', async () => {
    vendor.handler = (_b, _r, res) => res.writeHead(503).end();
    let now = Date.UTC(2024, 0, 1);
    const clock: Clock = { now: () => new Date(now) };
    const failures: BatchFailure[] = [];
    const sut = detector({
      batchSize: 10,
      concurrency: 1,
      clock,
      breaker: { failureThreshold: 3, cooldownMs: 60_000 },
      onBatchFailure: (f) => failures.push(f),
    });
    assert.deepEqual(countByClass(await sut.detect(numbers(100))), { kuwu: 100 });
    assert.equal(vendor.requests, 3);
    assert.equal(failures.filter((f) => f.reason === 'circuit-open').length, 7);

    now += 59_000;
    await sut.detect(numbers(10));
    assert.equal(vendor.requests, 3);

    now += 2_000;
    vendor.handler = answerByLastDigit;
    const result = await sut.detect(numbers(20));
    assert.equal(vendor.requests, 5);
    assert.equal(result.get('13800000011'), 'shi');
  });
});
