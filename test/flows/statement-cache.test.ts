// A cached statement is built and compiled once per shape and runs with each call's values: the same rows as the
// statement built anew, under row-level security like any other, and a value is never written into the SQL text.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { cachedStatement, SHAPES_PER_STATEMENT, type Placeholders } from '../../src/db/statement-cache.js';
import { testDatabaseUrl } from '../support/test-db.js';

void describe('cached statements', async () => {
  const url = await testDatabaseUrl();
  const db = openDatabase(url, 2);
  after(() => db.close());
  const teamIds: string[] = [];
  for (const sn of ['cache-a', 'cache-b']) {
    const team = await db.system
      .insertInto('teams')
      .values({ sn, name: sn })
      .returning('id')
      .executeTakeFirstOrThrow();
    teamIds.push(String(team.id));
    await db.system
      .insertInto('roles')
      .values(
        ['r1', 'r2', 'r3', 'x9'].map((n) => ({ team_id: team.id, name: `${sn}-${n}`, display_name: n })),
      )
      .execute();
  }
  const [a, b] = teamIds as [string, string];

  let builds = 0;
  const roleNames = cachedStatement(
    (
      trx,
      v: Placeholders<{ prefix: string; limit: number; offset: number }>,
      shape: { byPrefix: boolean },
    ) => {
      builds++;
      let q = trx.selectFrom('roles').select(['name', 'display_name']).where('name', 'like', 'cache-%');
      if (shape.byPrefix) q = q.where('display_name', 'like', v.prefix);
      return q.orderBy('name').limit(v.limit).offset(v.offset);
    },
  );
  const built = (team: string, byPrefix: boolean, prefix: string, limit: number, offset: number) =>
    db.tenantQuery(team, (trx) => {
      let q = trx.selectFrom('roles').select(['name', 'display_name']).where('name', 'like', 'cache-%');
      if (byPrefix) q = q.where('display_name', 'like', prefix);
      return q.orderBy('name').limit(limit).offset(offset).execute();
    });
  const cached = (team: string, byPrefix: boolean, prefix: string, limit: number, offset: number) =>
    db.tenantQuery(team, (trx) => roleNames(trx, { byPrefix }, { prefix, limit, offset }));

  void it('returns what the statement built anew returns, for every shape and values, built once per shape', async () => {
    const cases: [string, boolean, string, number, number][] = [
      [a, false, '', 10, 0],
      [a, false, '', 2, 1],
      [a, true, 'r%', 10, 0],
      [a, true, 'x%', 10, 0],
      [b, true, 'r%', 1, 2],
      [b, false, '', 3, 3],
    ];
    for (const c of cases) assert.deepEqual(await cached(...c), await built(...c), JSON.stringify(c));
    assert.equal(builds, 2, 'one build per shape');
    assert.deepEqual(
      (await cached(a, true, 'r%', 10, 0)).map((r) => r.name),
      ['cache-a-r1', 'cache-a-r2', 'cache-a-r3'],
      "row-level security: only the team's own rows",
    );
  });

  void it('refuses a statement that writes a value into its text, or computes a value from one', async () => {
    const inText = cachedStatement(
      (trx, v: Placeholders<{ column: string }>, _shape: Record<string, never>) =>
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the misuse this test shows refused
        trx.selectFrom('roles').select(sql.ref(String(v.column)).as('x')),
    );
    await assert.rejects(
      db.tenantQuery(a, (trx) => inText(trx, {}, { column: 'name' })),
      /placeholder was written into the SQL text/,
    );
    const computed = cachedStatement(
      (trx, v: Placeholders<{ name: string }>, _shape: Record<string, never>) =>
        trx
          .selectFrom('roles')
          .select('name')
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the misuse this test shows refused
          .where('name', 'like', `%${String(v.name)}%`),
    );
    await assert.rejects(
      db.tenantQuery(a, (trx) => computed(trx, {}, { name: 'r1' })),
      /placeholder was written into the SQL text/,
    );
  });

  void it('keeps a bounded number of shapes, building an evicted one again', async () => {
    let built = 0;
    const byLabel = cachedStatement((trx, v: Placeholders<{ n: number }>, shape: { label: string }) => {
      built++;
      return trx
        .selectFrom('roles')
        .select(sql<string>`${shape.label}::text`.as('label'))
        .limit(v.n);
    });
    const run = (label: string) => db.tenantQuery(a, (trx) => byLabel(trx, { label }, { n: 1 }));
    for (let i = 0; i <= SHAPES_PER_STATEMENT; i++) await run(`s${i}`);
    assert.equal(built, SHAPES_PER_STATEMENT + 1);
    assert.deepEqual(await run(`s${SHAPES_PER_STATEMENT}`), [{ label: `s${SHAPES_PER_STATEMENT}` }]);
    assert.equal(built, SHAPES_PER_STATEMENT + 1, 'a kept shape is not built again');
    assert.deepEqual(await run('s0'), [{ label: 's0' }]);
    assert.equal(built, SHAPES_PER_STATEMENT + 2, 'the least recently used shape was evicted');
  });
});
