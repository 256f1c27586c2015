// The embedded PostgreSQL is reached over its Unix socket in the cluster directory, and over TCP when no socket
// can be used there (a path too long for a socket address).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres, socketDirectoryFor } from '../../src/db/embedded.js';
import { freePort } from '../support/cluster.js';

/** The server's address as the connection sees it: null over a Unix socket, the IP over TCP. */
async function serverAddress(connectionString: string): Promise<string | null> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ addr: string | null }>('SELECT host(inet_server_addr()) AS addr');
    return rows[0]!.addr;
  } finally {
    await client.end();
  }
}

function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), name));
  chmodSync(dir, 0o755); // the server runs as its own system user when we are root
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

void describe('embedded PostgreSQL connection', () => {
  void it('uses the Unix socket in the cluster directory, keeping TCP for other processes', async () => {
    const dir = path.join(tempDir('aicall-sock-'), 'pg');
    const port = await freePort();
    const cluster = await startEmbeddedPostgres({ dir, port, database: 'sock', persistent: false });
    after(() => cluster.stop());
    assert.equal(socketDirectoryFor(dir, port), dir);
    assert.equal(
      new URL(cluster.connectionString).hostname.toLowerCase(),
      encodeURIComponent(dir).toLowerCase(),
    );
    assert.equal(await serverAddress(cluster.connectionString), null);
    assert.equal(await serverAddress(cluster.tcpConnectionString), '127.0.0.1');
  });

  void it('falls back to TCP when the socket path would be too long', async () => {
    const dir = path.join(tempDir('aicall-sock-'), 'a-directory-name-long-enough-'.repeat(3), 'pg');
    const port = await freePort();
    assert.equal(socketDirectoryFor(dir, port), undefined);
    const cluster = await startEmbeddedPostgres({ dir, port, database: 'tcp', persistent: false });
    after(() => cluster.stop());
    assert.equal(cluster.connectionString, cluster.tcpConnectionString);
    assert.equal(await serverAddress(cluster.connectionString), '127.0.0.1');
  });
});
