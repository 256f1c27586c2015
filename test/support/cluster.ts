// One throwaway PostgreSQL cluster per test run, with a migrated template database that each test file
// clones (CREATE DATABASE … TEMPLATE, ≈0.2 s) so files never see each other's rows.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';

export const TEMPLATE_DB = 'aicall_template';

export interface TestCluster {
  /** `postgres://user:pw@host:port` (no database): over the Unix socket when usable (as the server's pool), else TCP. */
  readonly base: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Starts a fresh cluster in a temporary directory and migrates the template database. */
export async function startTestCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aicall-test-pg-'));
  chmodSync(dir, 0o755); // the server runs as its own system user when we are root
  let cluster: EmbeddedCluster | undefined;
  try {
    cluster = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: await freePort(),
      database: TEMPLATE_DB,
      persistent: false,
    });
    await migrate(cluster.connectionString);
    const base = cluster.connectionString.slice(0, cluster.connectionString.lastIndexOf('/'));
    const c = cluster;
    return {
      base,
      stop: async () => {
        await c.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Clones the template into a new database; returns its connection string and a dropper. */
export async function cloneTemplate(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return {
    url: `${base}/${name}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: `${base}/postgres` });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
