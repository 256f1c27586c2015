// PostgreSQL ending a connection while a statement runs on it (a restart, an administrator terminating the backend,
// a dropped network) fails that statement and nothing else: the process lives on, the pool drops the connection,
// and the next statement of every kind runs on a new one.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { testDatabaseUrl } from '../support/test-db.js';

void describe('a connection lost mid-statement', async () => {
  const url = await testDatabaseUrl();
  const db = openDatabase(url, 1); // one connection: each statement below runs on the one that was lost, or a new one
  after(() => db.close());
  const team = await db.system
    .insertInto('teams')
    .values({ sn: 'lost-a', name: 'lost-a' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const teamId = String(team.id);
  const backend = sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`;
  const slow = sql`SELECT pg_sleep(30)`;

  /** Runs `fn` on a connection of its own (not the pool's). */
  async function asAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
    const admin = new pg.Client({ connectionString: url });
    admin.on('error', () => undefined);
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.end();
    }
  }

  /** Terminates the backend that runs pg_sleep, once it does. */
  const terminateSleeper = () =>
    asAdmin(async (admin) => {
      for (;;) {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`,
        );
        if (rows[0] !== undefined) {
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          return rows[0].pid;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });

  const kinds = {
    system: (q: typeof slow) => q.execute(db.system),
    tenant: (q: typeof slow) => db.tenant(teamId, (trx) => q.execute(trx)),
    'one-statement tenant read': (q: typeof slow) => db.tenantQuery(teamId, (reader) => q.execute(reader)),
  };
  for (const [kind, run] of Object.entries(kinds)) {
    void it(`fails the ${kind} statement and runs the next one on a new connection`, async () => {
      const outcome = run(slow).then(
        () => 'answered',
        (error: Error) => error.message,
      );
      const lost = await terminateSleeper();
      assert.match(await outcome, /terminat/);
      // The client's own error event arrives after the statement failed: it must not end the process.
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const next of Object.values(kinds)) {
        const { rows } = await next(backend);
        assert.notEqual((rows[0] as { pid: number }).pid, lost);
      }
    });
  }

  void it('keeps a listener for connection errors on a client while it is checked out', async () => {
    // Without one, the client's 'error' event (the server ended the connection while the client was held, with
    // no query to fail) is thrown from the socket's handler and ends the process.
    const client = await db.pool.connect();
    try {
      assert.ok(client.listenerCount('error') > 0);
    } finally {
      client.release();
    }
  });

  void it('fails a transaction whose connection is lost between its statements, and nothing else', async () => {
    let lost = 0;
    const outcome = await db
      .tenant(teamId, async (trx) => {
        lost = (await backend.execute(trx)).rows[0]!.pid;
        // The server ends the connection while no statement runs on it: the client hears of it with no query
        // to fail, while the transaction still holds it.
        await asAdmin((admin) => admin.query('SELECT pg_terminate_backend($1)', [lost]));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await backend.execute(trx);
      })
      .then(
        () => 'committed',
        (error: Error) => error.message,
      );
    assert.match(outcome, /terminat|not queryable/);
    for (const next of Object.values(kinds)) {
      const { rows } = await next(backend);
      assert.notEqual((rows[0] as { pid: number }).pid, lost);
    }
  });
});
