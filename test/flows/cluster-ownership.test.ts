// The server owns the embedded PostgreSQL it serves from DATA_DIR: it starts as root from any DATA_DIR (or says
// what to fix), adopts a cluster left running by a killed server, and never leaves a cluster behind.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isAlive } from '../../src/db/cluster-ownership.js';
import { freePort } from '../support/cluster.js';

const BIN = path.resolve('bin/aicall.mjs');
const isRoot = process.getuid?.() === 0;

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
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

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Health:')) resolve(child);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => reject(new Error(`server exited:\n${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));

const postmasterOf = (dataDir: string) => {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
};

async function envFor(dataDir: string) {
  return {
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NO_DEMO: 'true',
  };
}

describe('the embedded cluster belongs to the server of its DATA_DIR', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'aicall-own-'));
  chmodSync(scratch, 0o755);
  const leftovers: number[] = [];
  after(() => {
    for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  it(
    'as root, works in a private (0700) DATA_DIR and names DATA_DIR when a parent is closed',
    { skip: !isRoot && 'needs root' },
    async () => {
      const privateDir = path.join(scratch, 'private');
      mkdirSync(privateDir, { mode: 0o700 });
      const ok = await run(['tenant', 'create', '--json'], await envFor(privateDir));
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok((JSON.parse(ok.stdout) as { user_name: string }).user_name);
      assert.equal(postmasterOf(privateDir), undefined, 'the command stopped the cluster it started');

      const closed = path.join(scratch, 'home');
      mkdirSync(closed, { mode: 0o700 });
      const refused = await run(['tenant', 'create', '--json'], await envFor(path.join(closed, 'data')));
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /DATA_DIR=.*home\/data/);
      assert.match(refused.stderr, new RegExp(`chmod o\\+x ${closed}`));
      assert.doesNotMatch(refused.stderr, /initdb/);
    },
  );

  it('adopts the cluster of a killed server and stops it on a clean stop', async () => {
    const dataDir = path.join(scratch, 'orphan');
    mkdirSync(dataDir, { mode: 0o755 });
    const env = await envFor(dataDir);
    const first = await startServer(env);
    const orphan = postmasterOf(dataDir)!;
    leftovers.push(orphan);
    first.kill('SIGKILL'); // the node process only, as the OOM killer does
    await exited(first);
    assert.ok(isAlive(orphan), 'its PostgreSQL outlives it');

    const second = await startServer(env);
    const ours = postmasterOf(dataDir)!;
    leftovers.push(ours);
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    assert.equal(health.status, 200);
    second.kill('SIGTERM');
    assert.equal(await exited(second), 0);
    assert.ok(!isAlive(orphan), 'the orphan was stopped');
    assert.ok(!isAlive(ours), 'no cluster is left running after a clean stop');
    assert.equal(postmasterOf(dataDir), undefined);
  });
});
