// kill -9 of the push role mid-flight: the real server (`aicall start` with ROLES=push) runs as a child process
// against this file's database; it is SIGKILLed while deliveries are in flight and started again. Nothing is lost:
// the leases of the killed run expire and the new run delivers those events (at least once).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { PushKind } from '../../src/services/push/outbox.js';
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

const EVENTS = 400;
const SECRET_KEY = randomBytes(32).toString('hex');

/** Starts `aicall start` with only the push role; resolves once it reports running. */
async function startPushServer(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/aicall.mjs', 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ROLES: 'push',
      SECRET_KEY,
      CALLBACK_ALLOWLIST: '127.0.0.0/8',
      NO_DEMO: 'true',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-push-crash-')),
      LOG_LEVEL: 'silent',
      PUSH_LEASE_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('aicall is running')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`push server exited (${code}): ${output}`)));
  });
  await started;
  return child;
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('push role killed with SIGKILL while delivering', async () => {
  // Registered first: the servers die before the database is dropped.
  const children: ChildProcess[] = [];
  after(() => Promise.all(children.map(kill9)));
  const databaseUrl = await testDatabaseUrl();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-test-data-')),
    CALLBACK_ALLOWLIST: '127.0.0.0/8',
    ROLES: 'api',
  });
  const app = buildApp({ config, connectionString: databaseUrl, secrets: SecretBox.fromText(SECRET_KEY) });
  const t = { app, http: await app.http(), dataDir: config.dataDir };
  after(() => app.stop());
  const receiver = await TestReceiver.start(() => ({ ...SUCCESS, delayMs: 150 }));
  after(() => receiver.down());

  it('delivers every event after a restart', async () => {
    const s = await newTenant(t, '崩溃恢复');
    await call(t, s, '/api/setCallback', { open_callback: 1, callback_url: receiver.url });
    await call(t, s, '/ext/push/retry', { base_seconds: 1, max_delay_seconds: 1 });
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

    const first = await startPushServer(databaseUrl);
    children.push(first);
    await eventually('deliveries under way', () => receiver.received.length >= 80);
    await kill9(first);

    const leased = await app.db.system
      .selectFrom('push_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('team_id', '=', teamId)
      .where('status', '=', 'pending')
      .where('lease_token', 'is not', null)
      .executeTakeFirstOrThrow();
    assert.ok(Number(leased.n) > 0, 'events were in flight when the server died');
    const atKill = await statusCounts(app, teamId);
    assert.ok((atKill.delivered ?? 0) < EVENTS, 'not everything was delivered before the kill');

    const second = await startPushServer(databaseUrl);
    children.push(second);
    await eventually(
      'all delivered after restart',
      async () => (await statusCounts(app, teamId)).delivered === EVENTS,
      60_000,
    );
    await kill9(second);

    assert.deepEqual(await statusCounts(app, teamId), { delivered: EVENTS });
    const missing = ids.filter((id) => !receiver.seen.has(id));
    assert.deepEqual(missing, []);
    assert.ok(receiver.received.length >= EVENTS);
  });
});
