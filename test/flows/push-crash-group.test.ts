// kill -9 of the whole process group — the server and its embedded PostgreSQL — while pushes are being retried
// against a receiver that is down. The real `aicall start` runs in its own process group on its own DATA_DIR;
// after the crash the receiver recovers and the server is started again. Recovery must not depend on luck: the
// events the dead run held are handed back at start-up (not left to their leases), every pending event says in
// the push log why it waits and until when, and everything is delivered.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { isAlive, postmasterPid } from '../../src/db/cluster-ownership.js';
import { embeddedConnectionString } from '../../src/db/embedded.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { PushKind } from '../../src/services/push/outbox.js';
import { freePort } from '../support/cluster.js';
import { testDatabaseUrl } from '../support/test-db.js';
import { call, newTenant } from '../support/test-app.js';
import {
  SUCCESS,
  TestReceiver,
  callRecord,
  enqueue,
  eventually,
  statusCounts,
  teamIdOf,
} from './push-support.js';

const BIN = path.resolve('bin/aicall.mjs');
const EVENTS = 200;
const SECRET_KEY = randomBytes(32).toString('hex');

/** `aicall start` as the leader of a new process group (pid = pgid); resolves once it serves. */
function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('aicall is running')) resolve(child);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}):\n${out}`)));
  });
}

/** SIGKILL to every process of the group, then waits until the group's PostgreSQL is gone too. */
async function killGroup(child: ChildProcess, clusterDir: string): Promise<void> {
  const postmaster = postmasterPid(clusterDir);
  process.kill(-child.pid!, 'SIGKILL');
  await eventually('the process group is dead', () => postmaster === undefined || !isAlive(postmaster));
}

/** A live PostgreSQL backend of another cluster (the test run's own), to stand for a reused PID. */
function otherPostgresProcess() {
  let client: pg.Client | undefined;
  return {
    async pid(): Promise<number> {
      client = new pg.Client({ connectionString: await testDatabaseUrl() });
      client.on('error', () => undefined); // its database is dropped when the file ends
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return rows[0]!.pid;
    },
    close: () => client?.end(),
  };
}

/** Rewrites the PID in the stale postmaster.pid and in the socket lock file it names. */
function reusePid(clusterDir: string, pid: number): void {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  const lines = readFileSync(lockFile, 'utf8').split('\n');
  const socketLock = path.join(lines[4]!, `.s.PGSQL.${lines[3]}.lock`);
  for (const file of [lockFile, socketLock]) {
    const content = readFileSync(file, 'utf8').split('\n');
    content[0] = String(pid);
    writeFileSync(file, content.join('\n'));
  }
}

type EventLog = { data: { event: { status: string; waiting: { reason: string; until: string } | null } } };

describe('the whole process group killed with SIGKILL during push retries', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aicall-crash-group-'));
  chmodSync(dataDir, 0o755);
  const clusterDir = path.join(dataDir, 'pg');
  const pgPort = await freePort();
  const env = {
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NO_DEMO: 'true',
    SECRET_KEY,
    CALLBACK_ALLOWLIST: '127.0.0.0/8',
  };
  const servers: ChildProcess[] = [];
  after(() => {
    for (const s of servers) {
      if (s.exitCode === null && s.signalCode === null) process.kill(-s.pid!, 'SIGKILL');
    }
    const pid = postmasterPid(clusterDir);
    if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  servers.push(await startServer(env));

  // The test's own API process on the same cluster (no push role: only the server delivers).
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    CALLBACK_ALLOWLIST: '127.0.0.0/8',
    ROLES: 'api',
  });
  const app = buildApp({
    config,
    connectionString: embeddedConnectionString(pgPort, 'aicall'),
    secrets: SecretBox.fromText(SECRET_KEY),
  });
  const t = { app, http: await app.http(), dataDir };
  let appStopped: Promise<void> | undefined;
  const stopApp = () => (appStopped ??= app.stop());
  after(stopApp);
  const impostor = otherPostgresProcess();
  after(() => impostor.close());
  const receiver = await TestReceiver.start(() => ({ status: 500, body: 'down' }));
  after(() => receiver.down());

  it('delivers everything promptly after the restart, and the log says why each event waited', async () => {
    const s = await newTenant(t, '整组崩溃');
    await call(t, s, '/api/setCallback', { open_callback: 1, callback_url: receiver.url });
    await call(t, s, '/ext/push/retry', { base_seconds: 2, max_delay_seconds: 4 });
    const teamId = await teamIdOf(app, s);
    const ids = await enqueue(
      app,
      teamId,
      Array.from({ length: EVENTS }, (_, i) => ({
        kind: PushKind.callRecord,
        orderKey: '',
        payload: callRecord(i),
      })),
    );

    // Every event has failed at least twice: the server is retrying them when it dies.
    await eventually(
      'events being retried',
      () => ids.every((id) => (receiver.seen.get(id) ?? 0) >= 2),
      60_000,
    );
    const waiting = await call<EventLog>(t, s, '/ext/push/log', { event_id: ids[0] });
    assert.equal(waiting.data.event.status, 'pending');
    assert.match(waiting.data.event.waiting?.reason ?? '', /^(retry|lease|due)$/);
    assert.match(waiting.data.event.waiting?.until ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    await killGroup(servers[0]!, clusterDir);
    // On a busy machine the dead postmaster's PID is soon reused; the worst case is another PostgreSQL server
    // process, which the restarted server may signal. Both lock files it left behind now name such a process.
    reusePid(clusterDir, await impostor.pid());
    receiver.handler = () => SUCCESS;
    const restartedAt = Date.now();
    servers.push(await startServer(env));
    const runningAt = Date.now();
    await impostor.close();

    // Deterministic: nothing waits for a dead run's lease, and no retry is due later than one maximal delay
    // (4 s) after the restart. The bound below only keeps a broken run from hanging the suite.
    await eventually(
      'all delivered after restart',
      async () => (await statusCounts(app, teamId)).delivered === EVENTS,
      60_000,
    );
    const lastFirstDelivery = Math.max(
      ...ids.map((id) => receiver.received.find((r) => r.eventId === id && r.at >= restartedAt)?.at ?? 0),
    );
    // eslint-disable-next-line no-console -- the measured recovery time, for the record
    console.log(
      `restart took ${runningAt - restartedAt} ms; every event delivered ${lastFirstDelivery - runningAt} ms later`,
    );
    const done = await call<EventLog>(t, s, '/ext/push/log', { event_id: ids[0] });
    assert.equal(done.data.event.status, 'delivered');
    assert.equal(done.data.event.waiting, null);
    await stopApp(); // before the server takes its PostgreSQL down
    const stopped = new Promise((resolve) => servers[1]!.once('exit', resolve));
    process.kill(servers[1]!.pid!, 'SIGTERM');
    await stopped;
  });
});
