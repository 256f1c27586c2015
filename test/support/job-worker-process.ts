// A separate process running only the application's job runner (role `jobs`) against a given database, until
// it is killed. Crash tests spawn it, SIGKILL it mid-job and start another one to see the work resume.
//   AICALL_WORKER_DB=<url> DATA_DIR=<dir> node --import tsx test/support/job-worker-process.ts
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';

const url = process.env.AICALL_WORKER_DB;
if (!url) throw new Error('AICALL_WORKER_DB is required');
const config = loadConfig({
  LOG_LEVEL: 'silent',
  ROLES: 'jobs',
  DATA_DIR: process.env.DATA_DIR ?? '.',
  IMPORT_CHUNK_ROWS: process.env.IMPORT_CHUNK_ROWS ?? '500',
  IMPORT_PARSE_THREAD_MIN_BYTES: process.env.IMPORT_PARSE_THREAD_MIN_BYTES,
});
const app = buildApp({ config, connectionString: url, secrets: new SecretBox(randomBytes(32)) });
await app.start();
console.log('worker ready');
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
