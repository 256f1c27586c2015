// Parameterised statements run prepared on each pooled connection: one statement serves every tenant with exactly
// that tenant's rows, the per-connection set stays bounded, and an eviction inside a failed transaction does not
// break the connection.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { prepareStatements } from '../../src/db/prepared-statements.js';
import { testDatabaseUrl } from '../support/test-db.js';

void describe('prepared statements', async () => {
  const url = await testDatabaseUrl();
  // One connection: every transaction below reuses the same prepared statement.
  const db = openDatabase(url, 1);
  after(() => db.close());
  const teams: string[] = [];
  for (const sn of ['prep-a', 'prep-b']) {
    const team = await db.system
      .insertInto('teams')
      .values({ sn, name: sn })
      .returning('id')
      .executeTakeFirstOrThrow();
    teams.push(String(team.id));
    await db.tenant(String(team.id), (trx) =>
      trx
        .insertInto('roles')
        .values([1, 2, 3].map((k) => ({ name: `${sn}-${k}`, display_name: sn })))
        .execute(),
    );
  }
  const roleNames = (teamId: string) =>
    db.tenant(teamId, (trx) =>
      trx
        .selectFrom('roles')
        .select('name')
        .where('name', 'like', '%-%')
        .orderBy('name')
        .execute()
        .then((rows) => rows.map((r) => r.name)),
    );

  void it('one prepared statement answers each team with its own rows, alternately', async () => {
    for (let round = 0; round < 8; round++) {
      assert.deepEqual(await roleNames(teams[0]!), ['prep-a-1', 'prep-a-2', 'prep-a-3']);
      assert.deepEqual(await roleNames(teams[1]!), ['prep-b-1', 'prep-b-2', 'prep-b-3']);
    }
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%from "roles"%'`,
    );
    assert.equal(rows[0]!.n, 1);
  });

  void it('keeps at most its limit per connection and still answers evicted statements', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    after(() => client.end());
    prepareStatements(client, 3);
    const add = (k: number, v: number) => client.query<{ n: number }>(`SELECT $1::int + ${k} AS n`, [v]);
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 6; k++) assert.equal((await add(k, 10)).rows[0]!.n, 10 + k);
    }
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_prepared_statements',
    );
    assert.equal(rows[0]!.n, 3);
  });

  void it('an eviction inside a failed transaction leaves the connection usable', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    after(() => client.end());
    prepareStatements(client, 1);
    await client.query('BEGIN');
    await assert.rejects(client.query('SELECT 1 / $1::int', [0]), /division by zero/);
    // Evicts the statement above while the transaction is aborted: its DEALLOCATE fails quietly.
    await assert.rejects(client.query('SELECT $1::int AS n', [1]), /current transaction is aborted/);
    await client.query('ROLLBACK');
    assert.equal((await client.query<{ n: number }>('SELECT $1::int AS n', [2])).rows[0]!.n, 2);
    assert.equal((await client.query<{ n: number }>('SELECT 1 / $1::int AS n', [1])).rows[0]!.n, 1);
  });
});
