// A separate aicall process running only the dialer role against a test database, for the kill -9 and
// two-node tests. Every origination is appended to a shared log (`<node> <number id> <attempt>`) right before
// the line is asked to dial, so a double dial shows up as a repeated line.
// env: CHILD_DB_URL, CHILD_NODE, CHILD_LOG, CHILD_LEASE_MS (default 2000)
import { appendFileSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { systemTimers } from '../../src/lib/virtual-clock.js';

const url = process.env.CHILD_DB_URL;
const node = process.env.CHILD_NODE ?? `child-${process.pid}`;
const log = process.env.CHILD_LOG;
if (!url || !log) throw new Error('CHILD_DB_URL and CHILD_LOG are required');

const app = buildApp({
  config: loadConfig({
    LOG_LEVEL: 'silent',
    ROLES: 'dialer',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-dial-child-')),
  }),
  connectionString: url,
  secrets: new SecretBox(randomBytes(32)),
  timers: systemTimers,
  dialer: {
    node,
    tickMs: 50,
    refreshMs: 200,
    leaseMs: Number(process.env.CHILD_LEASE_MS ?? 2000),
    heartbeatMs: 300,
    recoveryMs: 500,
    onOriginate: (n) => appendFileSync(log, `${node} ${n.id} ${n.dialSeq}\n`),
  },
});
await app.start();
process.stdout.write('started\n');
process.once('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
