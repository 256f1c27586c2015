// An API process started for a test or a benchmark (test/support/api-process-child.ts) ends with the process that
// started it, however that one ends: a test that fails before stopping it must not leave a server running, which
// the test runner would wait for.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { testDatabaseUrl } from '../support/test-db.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

void describe('API child process', () => {
  void it('stops when the process that started it ends without stopping it', async () => {
    const url = await testDatabaseUrl();
    const support = path.join(import.meta.dirname, '../support/api-process-child.ts');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aicall-api-'));
    // A parent that starts a server, reports its pid and exits at once, as a crashed test would.
    const parent = `
      const { startApiProcess } = await import(${JSON.stringify(support)});
      const api = await startApiProcess(${JSON.stringify(url)}, { DATA_DIR: ${JSON.stringify(dataDir)} });
      const res = await fetch(api.url + '/healthz');
      console.log(JSON.stringify({ pid: api.pid, status: res.status }));
      process.exit(0);`;
    // Its standard error is not captured: the server inherits it, and would hold a captured one open.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', parent], {
      cwd: path.join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    await new Promise((resolve) => child.once('close', resolve));
    const { pid, status } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { pid: number; status: number };
    assert.equal(status, 200, 'the server was up');
    const deadline = Date.now() + 15_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(pid), false, 'the server ended with its parent');
  });
});
