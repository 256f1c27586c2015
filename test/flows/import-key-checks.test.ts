// An import chunk locks its task and team once and then writes its numbers without a foreign-key check per row —
// only where the database lets the connection switch those checks off (a superuser); other connections keep them.
// Index scans on tasks count the checks: each checked row looks its task up once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { ImportChunkSession, type ChunkScope } from '../../src/repositories/import-chunk.repository.js';
import { buildChunk } from '../../src/services/import/chunk-builder.js';
import { insertTask, taskOwner } from '../support/factories.js';
import { buildTestApp, newTenant } from '../support/test-app.js';

const ROWS = 400;

void describe('import chunk key checks', async () => {
  const t = await buildTestApp();
  const url = (t.app.db.pool as unknown as { options: { connectionString: string } }).options
    .connectionString;
  const owner = await taskOwner(t, await newTenant(t, '导入键'));
  const other = await taskOwner(t, await newTenant(t, '别的租户'));
  const admin = new pg.Client({ connectionString: url });
  admin.on('error', () => undefined); // the database is dropped (its connections ended) when the file ends
  await admin.connect();
  after(() => admin.end());

  /** A fresh task and import of `owner`'s team; `teamId` overrides the team the chunk claims. */
  async function scopeFor(teamId?: string): Promise<ChunkScope> {
    const task = await insertTask(t, owner);
    const imp = await t.app.db.system
      .insertInto('imports')
      .values({
        team_id: owner.teamId,
        task_id: task.id,
        source_kind: 'json',
        source_path: '/nonexistent',
        template: JSON.stringify({ columns: [], phoneKey: '电话' }),
        settings: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { teamId: teamId ?? owner.teamId, taskId: task.id, importId: imp.id };
  }

  /** The chunk's rows, written for `scope` (each row's line names its task, team and import). */
  const chunkFor = (scope: ChunkScope) =>
    buildChunk(
      Array.from({ length: ROWS }, (_, i) => ({
        rowNo: i + 2,
        columns: { 电话: `1380013${String(i).padStart(4, '0')}` },
      })),
      '电话',
      scope,
    );

  /** Index scans on tasks so far, after `pool`'s one connection has reported its own. */
  async function taskIndexScans(pool: pg.Pool): Promise<number> {
    await pool.query('SELECT pg_stat_force_next_flush()'); // reported before this statement's answer
    const { rows } = await admin.query<{ n: string }>(
      `SELECT idx_scan AS n FROM pg_stat_user_tables WHERE relname = 'tasks'`,
    );
    return Number(rows[0]!.n);
  }

  /** Writes the chunk as one import transaction on `pool`; returns the index scans on tasks it caused. */
  async function writeChunk(pool: pg.Pool, scope: ChunkScope): Promise<number> {
    const before = await taskIndexScans(pool); // on the connection the session then takes
    const session = await ImportChunkSession.open(pool);
    let broken = true;
    try {
      const { checkpoint, task } = await session.begin(scope);
      assert.ok(checkpoint && task, 'the chunk sees its import and task');
      // Another connection can neither delete nor re-key the task or its team meanwhile.
      for (const [table, id] of [
        ['tasks', scope.taskId],
        ['teams', scope.teamId],
      ] as const) {
        await assert.rejects(
          admin.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE NOWAIT`, [id]),
          (err: { code?: string }) => err.code === '55P03',
        );
      }
      const chunk = chunkFor(scope);
      await session.stage(chunk.stage);
      await session.write(scope, chunk, await session.decisions());
      await session.commit();
      broken = false;
    } finally {
      if (broken) await session.rollback().catch(() => undefined);
      session.release(broken);
    }
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM task_numbers WHERE task_id = $1 AND team_id = $2',
      [scope.taskId, scope.teamId],
    );
    assert.equal(rows[0]!.n, ROWS);
    return (await taskIndexScans(pool)) - before;
  }

  void it('as a superuser: the rows are written without a check each', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    after(() => pool.end());
    assert.ok((await writeChunk(pool, await scopeFor())) < ROWS / 2);
  });

  void it('a chunk claiming another team finds no task and keeps every check', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    after(() => pool.end());
    const scope = await scopeFor(other.teamId);
    const session = await ImportChunkSession.open(pool);
    try {
      const { task } = await session.begin(scope);
      assert.equal(task, undefined);
      const chunk = chunkFor(scope);
      await session.stage(chunk.stage);
      await assert.rejects(session.write(scope, chunk, await session.decisions()), /foreign key/);
    } finally {
      await session.rollback().catch(() => undefined);
      session.release(true);
    }
  });

  void it('as a role that may not switch checks off: every row is checked, and written', async () => {
    const login = `import_probe_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(8).toString('hex');
    // Like a table owner (DATABASE_URL of one's own server): not a superuser, not held to row-level security.
    await admin.query(`CREATE ROLE ${login} LOGIN BYPASSRLS PASSWORD '${password}'`);
    await admin.query(`GRANT SELECT, UPDATE ON tasks, teams, imports TO ${login}`);
    await admin.query(`GRANT SELECT, INSERT ON task_numbers, import_rejects TO ${login}`);
    await admin.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${login}`);
    await admin.query(`GRANT EXECUTE ON FUNCTION pg_stat_force_next_flush() TO ${login}`);
    const probeUrl = new URL(url);
    probeUrl.username = login;
    probeUrl.password = password;
    const pool = new pg.Pool({ connectionString: probeUrl.toString(), max: 1 });
    after(async () => {
      await pool.end();
      await admin.query(`DROP OWNED BY ${login}`);
      await admin.query(`DROP ROLE ${login}`);
    });
    assert.ok((await writeChunk(pool, await scopeFor())) >= ROWS);
  });
});
