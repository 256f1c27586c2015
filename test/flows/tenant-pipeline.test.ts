// A tenant transaction's opening travels with its first statement (and a one-statement read's COMMIT with it),
// without loosening row-level security: the statement runs under the tenant role and team or not at all.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db, type DbHandle, type Tx } from '../../src/db/database.js';
import { testDatabaseUrl } from '../support/test-db.js';

/**
 * How many times the pooled client waited for the server while `work` ran: a round trip is a run of writes
 * followed by the ReadyForQuery that answers the last of them.
 */
function roundTrips(db: DbHandle) {
  const events: ('write' | 'ready')[] = [];
  db.pool.on('connect', (client) => {
    type Write = (...args: unknown[]) => boolean;
    const connection = (client as unknown as { connection: pg.Connection & { stream: { write: Write } } })
      .connection;
    const write = connection.stream.write.bind(connection.stream);
    connection.stream.write = (...args: unknown[]): boolean => {
      events.push('write');
      return write(...args);
    };
    connection.on('readyForQuery', () => events.push('ready'));
  });
  return async (work: () => Promise<unknown>): Promise<number> => {
    events.length = 0;
    await work();
    return events.filter((e, i) => e === 'write' && events[i + 1] === 'ready').length;
  };
}

void describe('tenant transactions in fewer round trips', async () => {
  const url = await testDatabaseUrl();
  const db = openDatabase(url, 1); // one connection: the client the counter watches
  after(() => db.close());
  const count = roundTrips(db);
  const teams: string[] = [];
  for (const sn of ['pipe-a', 'pipe-b']) {
    const team = await db.system
      .insertInto('teams')
      .values({ sn, name: sn })
      .returning('id')
      .executeTakeFirstOrThrow();
    teams.push(String(team.id));
  }
  const [a, b] = teams as [string, string];
  const who = sql<{
    role: string;
    team: string;
  }>`SELECT current_user AS role, current_setting('aicall.team_id') AS team`;
  const roleNames = (trx: Db | Tx) =>
    trx.selectFrom('roles').select('name').where('name', 'like', 'pipe-%').orderBy('name').execute();

  void it('runs the first statement as the tenant, in the round trip that opens the transaction', async () => {
    await db.tenant(a, (trx) => who.execute(trx)); // connects and warms the prepared statement
    let seen: { role: string; team: string } | undefined;
    const trips = await count(() => db.tenant(a, async (trx) => (seen = (await who.execute(trx)).rows[0])));
    assert.deepEqual(seen, { role: 'aicall_tenant', team: a });
    assert.equal(trips, 2); // opening + statement, then COMMIT
    assert.equal(await count(() => db.tenant(a, () => Promise.resolve())), 0);
  });

  void it('answers a one-statement read in one round trip, each team with its own rows', async () => {
    await db.tenant(a, (trx) =>
      trx.insertInto('roles').values({ name: 'pipe-a1', display_name: 'a' }).execute(),
    );
    await db.tenant(b, (trx) =>
      trx.insertInto('roles').values({ name: 'pipe-b1', display_name: 'b' }).execute(),
    );
    for (let round = 0; round < 3; round++) {
      let rows: { name: string }[] = [];
      assert.equal(await count(async () => (rows = await db.tenantQuery(a, roleNames))), 1);
      assert.deepEqual(rows, [{ name: 'pipe-a1' }]);
      assert.deepEqual(await db.tenantQuery(b, roleNames), [{ name: 'pipe-b1' }]);
    }
  });

  void it('refuses a second statement in a one-statement read and any write in it', async () => {
    await assert.rejects(
      db.tenantQuery(a, async (trx) => {
        await roleNames(trx);
        await trx.insertInto('roles').values({ name: 'pipe-a2', display_name: 'a' }).execute();
      }),
      /second statement/,
    );
    await assert.rejects(
      db.tenantQuery(a, (trx) =>
        trx.insertInto('roles').values({ name: 'pipe-a3', display_name: 'a' }).execute(),
      ),
      /read-only transaction/,
    );
    const names = await db.tenant(a, roleNames);
    assert.deepEqual(names, [{ name: 'pipe-a1' }]);
  });

  void it('runs a one-statement read as the tenant, read-only, with nothing left on the connection after', async () => {
    const settings = sql<{ role: string; team: string; ro: string }>`SELECT current_user AS role,
      current_setting('aicall.team_id') AS team, current_setting('transaction_read_only') AS ro`;
    for (const team of [a, b, a]) {
      const [seen] = await db.tenantQuery(team, async (reader) => (await settings.execute(reader)).rows);
      assert.deepEqual(seen, { role: 'aicall_tenant', team, ro: 'on' });
    }
    // The one pooled connection, outside the read: the role, team and read-only mode ended with it.
    const [after] = (await settings.execute(db.system)).rows;
    assert.notEqual(after!.role, 'aicall_tenant');
    assert.equal(after!.ro, 'off');
    assert.equal(after!.team, '');
  });

  void it('runs a statement again after a read of it failed, whether or not it was prepared', async () => {
    const ratio = sql<{ r: number }>`SELECT 10 / count(*)::int AS r FROM roles WHERE name = 'pipe-a1'`;
    const missing = sql`SELECT no_such_column FROM roles`;
    await assert.rejects(
      db.tenantQuery(b, (reader) => ratio.execute(reader)), // prepared, then fails running: team b has no pipe-a1
      /division by zero/,
    );
    await assert.rejects(
      db.tenantQuery(a, (reader) => missing.execute(reader)),
      /no_such_column/,
    );
    for (let round = 0; round < 2; round++) {
      const rows = await db.tenantQuery(a, async (reader) => (await ratio.execute(reader)).rows);
      assert.deepEqual(rows, [{ r: 10 }]);
    }
    // Prepared by a read that then failed, the statement is known as prepared to every other way of running it.
    // (With a value: node-postgres prepares only statements with values.)
    const late = sql<{ r: number }>`SELECT 20 / count(*)::int AS r FROM roles WHERE name = ${'pipe-a1'}`;
    await assert.rejects(
      db.tenantQuery(b, (reader) => late.execute(reader)),
      /division by zero/,
    );
    assert.deepEqual((await db.tenant(a, (trx) => late.execute(trx))).rows, [{ r: 20 }]);
  });

  void it('refuses a value that cannot be sent before sending anything, and reads on', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(
      db.tenantQuery(a, (reader) => sql`SELECT ${circular}::jsonb AS v`.execute(reader)),
      /circular/i,
    );
    assert.deepEqual(await db.tenantQuery(a, roleNames), [{ name: 'pipe-a1' }]);
  });

  void it('refuses a transaction opened inside a one-statement read', async () => {
    await assert.rejects(
      db.tenantQuery(a, (reader) => reader.transaction().execute((trx) => roleNames(trx))),
      /cannot open a transaction/,
    );
    assert.deepEqual(await db.tenantQuery(a, roleNames), [{ name: 'pipe-a1' }]);
  });

  void it('reports a failing first statement as itself and keeps the connection usable', async () => {
    await assert.rejects(
      db.tenant(a, (trx) => sql`SELECT 1 / 0`.execute(trx)),
      /division by zero/,
    );
    await assert.rejects(
      db.tenantQuery(a, (trx) => sql`SELECT 1 / 0`.execute(trx)),
      /division by zero/,
    );
    assert.deepEqual((await db.tenant(b, (trx) => who.execute(trx))).rows, [
      { role: 'aicall_tenant', team: b },
    ]);
    // Outside any transaction again: the tenant role ended with the transactions.
    const { rows } = await sql<{ role: string }>`SELECT current_user AS role`.execute(db.system);
    assert.notEqual(rows[0]!.role, 'aicall_tenant');
  });

  void it('answers statements a transaction runs side by side, also when the first one fails', async () => {
    const [mine, names] = await db.tenant(a, (trx) => Promise.all([who.execute(trx), roleNames(trx)]));
    assert.deepEqual(mine.rows, [{ role: 'aicall_tenant', team: a }]);
    assert.ok(Array.isArray(names));
    // The first fails with the opening: the second is answered too (refused in the aborted transaction), never
    // left waiting, and the one connection serves the next transaction.
    const outcome = await db.tenant(a, (trx) =>
      Promise.allSettled([sql`SELECT 1 / 0`.execute(trx), who.execute(trx)]),
    );
    assert.deepEqual(
      outcome.map((o) => (o.status === 'rejected' ? String(o.reason) : 'fulfilled')),
      [
        'error: division by zero',
        'error: current transaction is aborted, commands ignored until end of transaction block',
      ],
    );
    assert.deepEqual((await db.tenant(b, (trx) => who.execute(trx))).rows, [
      { role: 'aicall_tenant', team: b },
    ]);
  });

  void it('never runs a statement without the tenant settings, even sent with them', async () => {
    // A login that may not switch to the tenant role: its opening fails, and the statement sent behind it must
    // not run, though it would be allowed on its own.
    const login = `pipe_probe_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(8).toString('hex');
    await sql.raw(`CREATE ROLE ${login} LOGIN PASSWORD '${password}'`).execute(db.system);
    await sql.raw(`CREATE TABLE pipe_probe (n int)`).execute(db.system);
    await sql.raw(`GRANT INSERT, SELECT ON pipe_probe TO ${login}`).execute(db.system);
    after(async () => {
      await sql.raw(`DROP TABLE pipe_probe`).execute(db.system);
      await sql.raw(`DROP OWNED BY ${login}`).execute(db.system);
      await sql.raw(`DROP ROLE ${login}`).execute(db.system);
    });
    const parsed = new URL(url);
    parsed.username = login;
    parsed.password = password;
    const probe = openDatabase(parsed.toString(), 1);
    after(() => probe.close());
    const insert = sql`INSERT INTO pipe_probe VALUES (1)`;
    await assert.rejects(
      probe.tenant(a, (trx) => insert.execute(trx)),
      /permission denied to set role/,
    );
    await assert.rejects(
      probe.tenantQuery(a, (trx) => insert.execute(trx)),
      /permission denied to set role/,
    );
    await insert.execute(probe.system); // allowed on its own: the refusals above came from the opening
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pipe_probe`.execute(
      probe.system,
    );
    assert.equal(rows[0]!.n, 1);
  });
});
