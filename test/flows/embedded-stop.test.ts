// Stopping the embedded PostgreSQL after its server died (crashed, killed) returns at once: the operator's Ctrl-C
// then ends aicall instead of leaving it waiting for an exit that already happened.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { freePort } from '../support/cluster.js';

void it('stops at once when the server has already died', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aicall-stop-'));
  chmodSync(root, 0o755); // the server runs as its own system user when we are root
  after(() => rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, 'pg');
  const cluster = await startEmbeddedPostgres({
    dir,
    port: await freePort(),
    database: 'stop',
    persistent: true,
  });
  const postmaster = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(postmaster, 'SIGKILL');
  while (isAlive(postmaster)) await new Promise((resolve) => setTimeout(resolve, 20));
  // A liveness bound, not a timing: the stop either returns or waits forever.
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    cluster.stop().then(() => 'stopped'),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting'), 20_000))),
  ]);
  clearTimeout(timer);
  assert.equal(outcome, 'stopped');
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
