// Authenticated-throughput benchmark: log in, then call a list endpoint (2.1.1) under concurrency through a
// real listening server, in a process of its own (test/support/api-process-child.ts). Baseline in the same run: an
// unauthenticated /healthz call (server + one SELECT 1), in one-second slices taking turns with the list calls.
// usage: npm run bench:api  [BENCH_SECONDS=10 BENCH_CONNECTIONS=64]
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { buildApp } from '../src/app/build.js';
import { loadConfig } from '../src/config/config.js';
import { SecretBox } from '../src/lib/secret-box.js';
import { cloneTemplate, startTestCluster } from '../test/support/cluster.js';
import { postgresCpuMeter, processCpuMs } from './support/postgres-cpu.js';
import { startApiProcess } from '../test/support/api-process-child.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

const cluster = await startTestCluster();
const db = await cloneTemplate(cluster.base);
// This process's app creates the tenant and its sub-accounts; the server under test is a child process.
const secretKey = randomBytes(32).toString('hex');
const config = loadConfig({
  LOG_LEVEL: 'silent',
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-bench-')),
});
const app = buildApp({ config, connectionString: db.url, secrets: SecretBox.fromText(secretKey) });
const server = await startApiProcess(db.url, {
  ROLES: 'api',
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-bench-server-')),
  SECRET_KEY: secretKey,
});
const { url } = server;
const creds = await app.tenants.create({ name: '压测租户' });
for (let i = 0; i < 20; i++) {
  await app.services.account.createSubAccount(
    { ...(await app.services.auth.authenticate(...(await login()), '127.0.0.1')) },
    {
      user_name: `bench${i}`,
      contact: `压测${i}`,
      password: 'secret12',
      re_password: 'secret12',
      max_call_count: 1,
    },
  );
}
const [apiKey, userSn] = await login();
// PostgreSQL's CPU is counted from /proc: on a shared machine CPU per request is steadier than wall-clock rates.
const postgresCpuMs = await postgresCpuMeter(db.url);
const agent = new Agent({ connections: CONNECTIONS, pipelining: 1 });

async function login(): Promise<[string, string]> {
  const res = await request(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: creds.user_name, password: creds.password, from: 2 }),
  });
  const body = (await res.body.json()) as { data: { api_key: string; user_sn: string } };
  return [body.data.api_key, body.data.user_sn];
}

/** What one load has measured so far, summed over its slices. */
interface Tally {
  readonly label: string;
  readonly send: () => Promise<number>;
  readonly latencies: number[];
  errors: number;
  seconds: number;
  clientCpuMs: number;
  serverCpuMs: number;
  pgCpuMs: number;
}

const tally = (label: string, send: () => Promise<number>): Tally => ({
  label,
  send,
  latencies: [],
  errors: 0,
  seconds: 0,
  clientCpuMs: 0,
  serverCpuMs: 0,
  pgCpuMs: 0,
});

/** Runs `t`'s load at CONNECTIONS concurrent requests for `seconds`, adding to its tally. */
async function slice(t: Tally, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  const cpu0 = process.cpuUsage();
  const serverCpu0 = processCpuMs(server.pid);
  const pgCpu0 = postgresCpuMs();
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await t.send();
      t.latencies.push(performance.now() - t0);
      if (status !== 200) t.errors += 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  t.seconds += (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  t.clientCpuMs += (cpu.user + cpu.system) / 1000;
  t.serverCpuMs += processCpuMs(server.pid) - serverCpu0;
  t.pgCpuMs += postgresCpuMs() - pgCpu0;
}

function report(t: Tally) {
  const latencies = [...t.latencies].sort((x, y) => x - y);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
  const rps = latencies.length / t.seconds;
  const perRequest = (ms: number) => ((ms / latencies.length) * 1000).toFixed(0).padStart(4);
  console.log(
    `${t.label.padEnd(28)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  errors ${t.errors}  ` +
      `CPU per request: server ${perRequest(t.serverCpuMs)} µs, PostgreSQL ${perRequest(t.pgCpuMs)} µs, ` +
      `client ${perRequest(t.clientCpuMs)} µs`,
  );
  // The ratio by CPU counts what serving costs (server and PostgreSQL), not the benchmark's own client.
  return { rps, cpuUs: ((t.serverCpuMs + t.pgCpuMs) / latencies.length) * 1000 };
}

const listBody = JSON.stringify({ api_key: apiKey, user_sn: userSn, pageIndex: 0, pageSize: 5 });
const checkList = async () => {
  const res = await request(`${url}/api/aiUserDatasapi`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
    body: listBody,
  });
  const body = (await res.body.json()) as { total?: number };
  return body.total === 20 ? res.statusCode : 599;
};
const health = async () => {
  const res = await request(`${url}/healthz`, { dispatcher: agent });
  await res.body.dump();
  return res.statusCode;
};

console.log(
  `aicall API benchmark: ${CONNECTIONS} concurrent connections, ${SECONDS} s each, ${os.cpus().length} cores (client, server and PostgreSQL share them)`,
);
await slice(tally('warm-up', checkList), 3);
// The two loads alternate in one-second slices, so a shared machine's changes of speed fall on both alike.
const base = tally('baseline GET /healthz', health);
const list = tally('POST /api/aiUserDatasapi', checkList);
for (let i = 0; i < SECONDS; i++) {
  await slice(base, 1);
  await slice(list, 1);
}
const baseFigures = report(base);
const listFigures = report(list);
console.log(
  `ratio authenticated list / baseline: ${(listFigures.rps / baseFigures.rps).toFixed(2)} by rate (goal ≥ 0.5, p99 < 50 ms), ` +
    `${(baseFigures.cpuUs / listFigures.cpuUs).toFixed(2)} by CPU per request; load average ${os.loadavg()[0]!.toFixed(1)}`,
);

await agent.close();
await server.stop();
await app.stop();
await db.drop();
await cluster.stop();
