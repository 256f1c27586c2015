import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../support/cluster.js';

const BIN = path.resolve('bin/aicall.mjs');

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function startServer(
  env: Record<string, string>,
  waitFor = 'Try:',
): Promise<{ child: ChildProcess; banner: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(waitFor)) {
        clearTimeout(timer);
        resolve({ child, banner: out });
      }
    });
    child.on('exit', () => reject(new Error(`server exited:\n${out}`)));
  });
}

// The real command on an embedded PostgreSQL in a fresh DATA_DIR, as a user would run it.
describe('aicall command line', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aicall-cli-'));
  chmodSync(dataDir, 0o755);
  const env = {
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  let server: ChildProcess | undefined;
  after(async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    // Stop the embedded server the CLI may have left for a running aicall.
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on an empty store: prints the demo tenant and URLs; login with them works over HTTP', async () => {
    const started = await startServer(env);
    server = started.child;
    assert.match(started.banner, /aicall is running at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(started.banner, /API docs: +http:\/\/127\.0\.0\.1:\d+\/docs/);
    const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as {
      user_name: string;
      password: string;
    };
    assert.ok(started.banner.includes(creds.password));
    const res = await fetch(`http://127.0.0.1:${env.PORT}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf-8;' },
      body: JSON.stringify({ username: creds.user_name, password: creds.password, from: '2' }),
    });
    const body = (await res.json()) as { code: number; data: { api_key: string } };
    assert.equal(body.code, 0);
    assert.match(body.data.api_key, /^[A-Za-z0-9]{8}$/);
  });

  it('tenant create --json prints exactly one JSON object while the server runs, on the same store', async () => {
    const out = await run(['tenant', 'create', '--name', '命令行租户', '--json'], env);
    assert.equal(out.code, 0, out.stderr);
    const creds = JSON.parse(out.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(creds).sort(), [
      'api_access_id',
      'api_access_secret',
      'password',
      'user_name',
      'user_sn',
    ]);
    const res = await fetch(`http://127.0.0.1:${env.PORT}/api/login`, {
      method: 'POST',
      body: JSON.stringify({ username: creds.user_name, password: creds.password, from: 2 }),
    });
    assert.equal(
      ((await res.json()) as { code: number }).code,
      0,
      'the running server sees the tenant the CLI created',
    );
  });

  it('serves /healthz, /metrics and the OpenAPI document', async () => {
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const metrics = await (await fetch(`http://127.0.0.1:${env.PORT}/metrics`)).text();
    assert.match(metrics, /# TYPE aicall_http_requests_total counter/);
    assert.match(metrics, /aicall_http_requests_total\{route="\/api\/login",status="200"\} \d+/);
    const doc = (await (await fetch(`http://127.0.0.1:${env.PORT}/docs/json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, '3.0.3');
    assert.ok('/api/login' in doc.paths);
  });

  it('works on the same store after the server stopped; a second start keeps the data', async () => {
    server!.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = undefined;
    const out = await run(
      ['tenant', 'create', '--json', '--username', 'offline1', '--password', 'offline-pw'],
      env,
    );
    assert.equal(out.code, 0, out.stderr);
    const again = await startServer(env, 'Health:');
    server = again.child;
    assert.ok(
      !again.banner.includes('Demo tenant created'),
      'the demo tenant is created only on an empty store',
    );
    const res = await fetch(`http://127.0.0.1:${env.PORT}/api/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'offline1', password: 'offline-pw', from: 2 }),
    });
    assert.equal(((await res.json()) as { code: number }).code, 0);
  });
});
