import { after } from 'node:test';
import { cloneTemplate, startTestCluster, type TestCluster } from './cluster.js';

let own: Promise<TestCluster> | undefined;

/**
 * A private database for one test file, dropped when the file ends. Uses the run's cluster
 * (AICALL_TEST_PG_BASE, set by scripts/test.ts); a file run on its own starts a cluster for itself.
 */
export async function testDatabaseUrl(): Promise<string> {
  let base = process.env.AICALL_TEST_PG_BASE;
  if (!base) {
    own ??= startTestCluster();
    const cluster = await own;
    base = cluster.base;
    after(() => cluster.stop());
  }
  const db = await cloneTemplate(base);
  after(() => db.drop());
  return db.url;
}
