// Test runner: starts one throwaway PostgreSQL cluster, runs node:test over the given tiers, stops the cluster.
// usage: node --import tsx scripts/test.ts [unit|db|all] [files…]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureConsoleBuilt } from '../src/app/console-build.js';
import { startTestCluster } from '../test/support/cluster.js';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const [tier = 'all', ...explicit] = process.argv.slice(2);
const unit = findTests('src');
const db = findTests('test');
const files = explicit.length > 0 ? explicit : tier === 'unit' ? unit : tier === 'db' ? db : [...unit, ...db];
const needsDb = explicit.length > 0 || tier !== 'unit';

// The console's component tests (vitest, jsdom) run with the whole suite; its end-to-end tests (test/console)
// need the built console, built once here so parallel test files never build it at the same time.
let consoleCode = 0;
if (explicit.length === 0 && tier === 'all') {
  consoleCode = await new Promise<number>((resolve) => {
    const vitest = spawn(process.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: 'console',
      stdio: 'inherit',
    });
    vitest.on('exit', (c) => resolve(c ?? 1));
  });
}
if (
  files.some((f) => f.includes(`test${path.sep}console${path.sep}`)) &&
  !ensureConsoleBuilt(console.error)
) {
  process.exit(1);
}

const cluster = needsDb ? await startTestCluster() : undefined;
const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files.sort()],
    { stdio: 'inherit', env: { ...process.env, ...(cluster ? { AICALL_TEST_PG_BASE: cluster.base } : {}) } },
  );
  child.on('exit', (c) => resolve(c ?? 1));
});
await cluster?.stop();
process.exit(code || consoleCode);
