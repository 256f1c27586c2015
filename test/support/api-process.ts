// A separate process serving the HTTP API (role `api`, or the roles in ROLES) on a given database, for tests that
// need two API processes (a login on one must be seen at once by the other) or a process's whole log output.
// Prints `api ready <url>` once listening. Runs compiled with src/ (bin/compile.mjs), so it imports nothing from
// outside src/ but packages.
//   AICALL_API_DB=<url> DATA_DIR=<dir> [ROLES=…] [LOG_LEVEL=…] [CALLBACK_ALLOWLIST=…] [SECRET_KEY=<hex>] \
//   [the import limits below] node --import tsx test/support/api-process.ts
// Started by api-process-child.ts (tests with two API processes, bench:api, bench:import), or directly by a test
// that reads the whole log output.
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';

const url = process.env.AICALL_API_DB;
if (!url) throw new Error('AICALL_API_DB is required');
/** Settings taken from the environment as they are (the rest is fixed here). */
const PASSED = ['MAX_BODY_BYTES', 'IMPORT_MAX_BYTES', 'IMPORT_CHUNK_ROWS', 'IMPORT_PARSE_THREAD_MIN_BYTES'];
const config = loadConfig({
  ...Object.fromEntries(PASSED.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]])),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  ROLES: process.env.ROLES ?? 'api',
  CALLBACK_ALLOWLIST: process.env.CALLBACK_ALLOWLIST ?? '',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: process.env.DATA_DIR ?? '.',
});
const app = buildApp({
  config,
  connectionString: url,
  secrets: process.env.SECRET_KEY
    ? SecretBox.fromText(process.env.SECRET_KEY)
    : new SecretBox(randomBytes(32)),
});
const started = await app.start();
console.log(`api ready ${started.url}`);
const stop = () => void app.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
// Started by api-process-child.ts: its standard input is a pipe from the parent, which closes when the parent ends
// however it ends — a test that failed before stopping this process must not leave it running (the test runner
// would wait for it).
if (process.env.AICALL_EXIT_WITH_PARENT === '1') {
  process.stdin.on('end', stop).resume();
}
