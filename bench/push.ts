// Push delivery benchmark: events go through the real outbox (enqueuePush in tenant transactions) and the real
// delivery worker to a receiver on 127.0.0.1 (its own thread), with and without 10% of events failing their
// first attempt (HTTP 500, retried after 1 s by the tenant's retry schedule).
//   throughput: N events queued first, then delivered — deliveries/s; the failing run delivers the same N
//               events again after a bulk resend (the push API's "resend a time range")
//   latency:    events enqueued at a steady rate, one per transaction, while the worker runs — enqueue→receipt
// Baseline in the same run: the same N POSTs sent directly with CallbackSender (no outbox, no database).
// usage: npm run bench:push  [PUSH_BENCH_EVENTS=100000 PUSH_BENCH_RATE=1000 PUSH_BENCH_LATENCY_SECONDS=5]
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../src/app/build.js';
import { CallbackSender } from '../src/clients/callback/callback-sender.js';
import { loadConfig } from '../src/config/config.js';
import { parseAllowList } from '../src/lib/ip-range.js';
import { SecretBox } from '../src/lib/secret-box.js';
import { buildWebhookHeaders } from '../src/lib/webhook-signature.js';
import { teamRepository } from '../src/repositories/team.repository.js';
import { PushKind, enqueuePush } from '../src/services/push/outbox.js';
import { sampleRecordPayload } from '../src/services/call-record/record-payload.js';
import { cloneTemplate, startTestCluster } from '../test/support/cluster.js';

const EVENTS = Number(process.env.PUSH_BENCH_EVENTS ?? 100_000);
const RATE = Number(process.env.PUSH_BENCH_RATE ?? 1000);
const LATENCY_SECONDS = Number(process.env.PUSH_BENCH_LATENCY_SECONDS ?? 5);
const PRODUCERS = 4;
const LATENCY_PRODUCERS = 8;
const PER_TX = 250;

// The receiver: answers SUCCESS, or — when failing is on — 500 the first time it sees every tenth event (by seq);
// records when it accepted each event (wall clock, shared with the main thread, which records commit times).
const RECEIVER = String.raw`
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
let failTenth = false, acceptedAt = [], accepted = 0, received = 0, failed = new Set();
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    received++;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (failTenth && body.seq % 10 === 0 && !failed.has(body.seq)) {
      failed.add(body.seq);
      res.writeHead(500).end('busy');
      return;
    }
    accepted++;
    acceptedAt[body.seq] = Date.now();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('SUCCESS');
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m.reset) { failTenth = m.failTenth; acceptedAt = []; accepted = 0; received = 0; failed = new Set(); }
  if (m.stats) parentPort.postMessage({ accepted, received, acceptedAt: m.withTimes ? acceptedAt : [] });
});`;

interface Stats {
  accepted: number;
  received: number;
  /** Wall-clock ms when event `seq` was accepted. */
  acceptedAt: number[];
}

const receiver = new Worker(RECEIVER, { eval: true });
const port = await new Promise<number>((resolve) =>
  receiver.once('message', (m: { port: number }) => resolve(m.port)),
);
const ask = (withTimes = false) =>
  new Promise<Stats>((resolve) => {
    receiver.once('message', (m: Stats) => resolve(m));
    receiver.postMessage({ stats: true, withTimes });
  });
const resetReceiver = (failTenth: boolean) => receiver.postMessage({ reset: true, failTenth });
const url = `http://127.0.0.1:${port}/hook`;

const cluster = await startTestCluster();
const db = await cloneTemplate(cluster.base);
const config = loadConfig({
  LOG_LEVEL: 'silent',
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-bench-')),
  ROLES: 'push',
  CALLBACK_ALLOWLIST: '127.0.0.0/8',
});
const app = buildApp({ config, connectionString: db.url, secrets: new SecretBox(randomBytes(32)) });
const creds = await app.tenants.create({ name: '推送压测' });
const ctx = await app.services.auth.authenticate(...(await login()));
await app.db.tenant(ctx.teamId, async (trx) => {
  await teamRepository.setCallbacks(trx, ctx.teamId, { open_callback: 1, callback_url: url });
  await teamRepository.mergeSettings(trx, ctx.teamId, { push_retry: { baseSeconds: 1, maxDelaySeconds: 1 } });
});
const sample = sampleRecordPayload(
  {
    teamSn: ctx.teamSn,
    teamName: '推送压测',
    userSn: ctx.accountSn,
    userName: ctx.userName,
    parentUserName: null,
  },
  new Date(),
  'Asia/Shanghai',
);

async function login(): Promise<[string, string]> {
  const s = (await app.services.auth.loginByPassword({
    username: creds.user_name,
    password: creds.password,
  })) as { api_key: string; user_sn: string };
  return [s.api_key, s.user_sn];
}

/** Commit time (wall clock) of each latency-phase event, by seq. */
const committedAt: number[] = [];

/** Enqueues events seq [from, to) through the outbox, PER_TX per tenant transaction. */
async function enqueueRange(from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += PER_TX) {
    const end = Math.min(to, start + PER_TX);
    await app.db.tenant(ctx.teamId, async (trx) => {
      for (let seq = start; seq < end; seq++) {
        const payload = { ...sample, id: seq, seq };
        await enqueuePush(trx, ctx.teamId, { kind: PushKind.callRecord, orderKey: '', payload });
      }
    });
    const now = Date.now();
    for (let seq = start; seq < end; seq++) committedAt[seq] = now;
  }
}

async function enqueueMany(n: number): Promise<number> {
  const t0 = performance.now();
  const share = Math.ceil(n / PRODUCERS);
  await Promise.all(
    Array.from({ length: PRODUCERS }, (_, p) => enqueueRange(p * share, Math.min(n, (p + 1) * share))),
  );
  return performance.now() - t0;
}

async function waitAccepted(n: number): Promise<number> {
  for (;;) {
    const s = await ask();
    if (s.accepted >= n) return performance.now();
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function clearOutbox(): Promise<void> {
  await app.db.pool.query('TRUNCATE push_attempts, push_events');
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Delivers what is queued; returns deliveries/s (accepted events over the time until the last one). */
async function deliverQueued(label: string, extra: string): Promise<number> {
  const t0 = performance.now();
  app.push.worker.start();
  const t1 = await waitAccepted(EVENTS);
  await app.push.worker.stop();
  const { received } = await ask();
  const perSecond = EVENTS / ((t1 - t0) / 1000);
  console.log(
    `${label.padEnd(34)} ${perSecond.toFixed(0).padStart(7)} deliveries/s  (${EVENTS} events, ${received} attempts, ` +
      `${((t1 - t0) / 1000).toFixed(1)} s; ${extra})`,
  );
  return perSecond;
}

async function throughputRuns(): Promise<[number, number]> {
  await clearOutbox();
  resetReceiver(false);
  const enqueueMs = await enqueueMany(EVENTS);
  const plain = await deliverQueued(
    'outbox → worker → receiver',
    `enqueued at ${(EVENTS / (enqueueMs / 1000)).toFixed(0)} events/s`,
  );
  resetReceiver(true);
  const t0 = performance.now();
  const { resent } = await app.services.pushLog.resend(ctx, {
    start_time: '2000-01-01',
    end_time: '2100-01-01',
    status: ['delivered'],
  });
  const resendMs = performance.now() - t0;
  if (resent !== EVENTS) throw new Error(`resent ${resent} of ${EVENTS}`);
  const failing = await deliverQueued(
    'same, 10% failing first attempt',
    `bulk resend took ${resendMs.toFixed(0)} ms`,
  );
  return [plain, failing];
}

async function latency(label: string, failTenth: boolean) {
  await clearOutbox();
  resetReceiver(failTenth);
  app.push.worker.start();
  const total = Math.round(RATE * LATENCY_SECONDS);
  // Open loop at RATE, one event per transaction as a hang-up writes it, by LATENCY_PRODUCERS concurrent
  // producers. Latency = receiver accepted it − its transaction committed.
  const t0 = performance.now();
  let next = 0;
  const producer = async () => {
    for (;;) {
      const seq = next++;
      if (seq >= total) return;
      const wait = t0 + (seq * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await enqueueRange(seq, seq + 1);
    }
  };
  await Promise.all(Array.from({ length: LATENCY_PRODUCERS }, producer));
  const offered = total / ((performance.now() - t0) / 1000);
  await waitAccepted(total);
  await app.push.worker.stop();
  const { acceptedAt } = await ask(true);
  const sorted = committedAt.slice(0, total).map((c, seq) => (acceptedAt[seq] ?? Infinity) - c);
  sorted.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} p50 ${String(pct(sorted, 0.5)).padStart(4)} ms  p99 ${String(pct(sorted, 0.99)).padStart(5)} ms` +
      `  (${total} events, one per transaction, offered at ${offered.toFixed(0)}/s of ${RATE}/s asked)`,
  );
}

async function baseline(): Promise<number> {
  resetReceiver(false);
  const sender = new CallbackSender({
    allowList: parseAllowList('127.0.0.0/8').allowList,
    perHostConcurrency: config.push.perHostConcurrency,
  });
  const secrets = [randomBytes(32).toString('hex')];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 512 }, async () => {
      while (next < EVENTS) {
        const seq = next++;
        const body = JSON.stringify({ ...sample, id: seq, seq });
        const headers = buildWebhookHeaders({
          eventId: `bench-${seq}`,
          eventType: 'call_record',
          attempt: 1,
          body,
          secrets,
          now: new Date(),
        });
        await sender.send({ url, body, headers });
      }
    }),
  );
  const perSecond = EVENTS / ((performance.now() - t0) / 1000);
  await sender.close();
  console.log(`${'baseline: direct CallbackSender'.padEnd(34)} ${perSecond.toFixed(0).padStart(7)} POSTs/s`);
  return perSecond;
}

console.log(
  `push delivery, ${EVENTS} events, per-host concurrency ${config.push.perHostConcurrency}, ` +
    `${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start`,
);
const base = await baseline();
const [plain, failing] = await throughputRuns();
await latency('latency, no failures', false);
await latency('latency, 10% failing first attempt', true);
console.log(
  `ratio outbox/baseline: ${(plain / base).toFixed(2)} (with failures ${(failing / base).toFixed(2)})`,
);

await app.stop();
await receiver.terminate();
await db.drop();
await cluster.stop();
