// kill -9 in the middle of an import: no row lost, none inserted twice, counters that add up, and after a restart
// the same import_mark (and the same numbers) as an uninterrupted run of the same data.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  daysAgo,
  insertCallHistory,
  insertDnd,
  insertScript,
  sessionIds,
} from '../support/import-factories.js';
import { buildTestApp, call, newTenant, type Session, type TestApp } from '../support/test-app.js';

const ROWS = 30_000;
const CHUNK = 500;

/** Row i of the test data: mostly unique numbers, with duplicates, malformed values, DND and history hits. */
function phoneOf(i: number): string {
  if (i % 97 === 13) return `bad-${i}`;
  if (i % 31 === 7) return String(13_500_000_000 + (i - 5)); // duplicate of an earlier row
  return String(13_500_000_000 + i);
}

/** One tenant with the fixtures the import reacts to. */
async function tenant(t: TestApp, name: string) {
  const s = await newTenant(t, name);
  const { teamId } = await sessionIds(t, s);
  const script = await insertScript(t, teamId);
  for (let i = 100; i < ROWS; i += 1000) await insertDnd(t, teamId, phoneOf(i));
  await insertCallHistory(t, teamId, [
    ...Array.from({ length: 30 }, (_, k) => ({
      phone: phoneOf(200 + k * 900),
      result: '空号',
      resultCode: 3,
      startedAt: daysAgo(40),
    })),
    ...Array.from({ length: 30 }, (_, k) => ({
      phone: phoneOf(300 + k * 900),
      result: 'answered',
      answered: true,
      startedAt: new Date(),
    })),
    ...Array.from({ length: 30 }, (_, k) => ({
      phone: phoneOf(300 + k * 900),
      result: 'answered',
      answered: true,
      startedAt: new Date(),
    })),
    ...Array.from({ length: 30 }, (_, k) => ({
      phone: phoneOf(300 + k * 900),
      result: 'answered',
      answered: true,
      startedAt: new Date(),
    })),
  ]);
  return { s, teamId, script };
}

async function startImport(t: TestApp, x: { s: Session; script: { sn: string } }) {
  const r = await call<{
    code: number;
    msg: string;
    data: { dial_task_main_id: number; dial_task_main_sn: string };
  }>(t, x.s, '/api/addJsonOfAsync', {
    project_sn: x.script.sn,
    ai_user_sn: x.s.user_sn,
    source: '断电测试',
    client_info_json: {
      data: Array.from({ length: ROWS }, (_, i) => ({ 姓名: `客户${i}`, 电话: phoneOf(i) })),
    },
  });
  assert.equal(r.code, 0, r.msg);
  return { taskId: String(r.data.dial_task_main_id), taskSn: r.data.dial_task_main_sn };
}

function worker(t: TestApp, dbUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/support/job-worker-process.ts'], {
    env: {
      ...process.env,
      AICALL_WORKER_DB: dbUrl,
      DATA_DIR: t.dataDir,
      IMPORT_CHUNK_ROWS: String(CHUNK),
      // The killed run parses in a worker thread, as large files do; the reference run parses in its own thread.
      IMPORT_PARSE_THREAD_MIN_BYTES: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function importRow(t: TestApp, taskId: string) {
  return t.app.db.system
    .selectFrom('imports')
    .selectAll()
    .where('task_id', '=', taskId)
    .executeTakeFirstOrThrow();
}

async function until<T>(what: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Everything an import left in the task, comparable across tasks. */
async function outcome(t: TestApp, taskId: string) {
  const imp = await importRow(t, taskId);
  const numbers = await t.app.db.system
    .selectFrom('task_numbers')
    .select(['phone', 'row_no', 'status', 'detection'])
    .where('task_id', '=', taskId)
    .orderBy('row_no')
    .execute();
  const rejects = await t.app.db.system
    .selectFrom('import_rejects')
    .select(['row_no', 'disposition', 'reason'])
    .where('import_id', '=', imp.id)
    .orderBy('row_no')
    .execute();
  const task = await t.app.db.system
    .selectFrom('tasks')
    .select(['total_count', 'import_status', 'import_mark'])
    .where('id', '=', taskId)
    .executeTakeFirstOrThrow();
  return { imp, numbers, rejects, task };
}

void describe('import survives kill -9', async () => {
  const t = await buildTestApp({ IMPORT_CHUNK_ROWS: String(CHUNK) });
  const dbUrl = (t.app.db.pool as unknown as { options: { connectionString: string } }).options
    .connectionString;
  const a = await tenant(t, '不中断');
  const b = await tenant(t, '被中断');

  void it('resumes after SIGKILL and ends exactly like an uninterrupted run', async (ctx) => {
    // The reference: the same data, imported without interruption.
    const ref = await startImport(t, a);
    assert.equal(await t.app.jobs.drain(), 1);
    const expected = await outcome(t, ref.taskId);
    assert.equal(expected.imp.status, 'done');

    const victim = await startImport(t, b);
    const first = worker(t, dbUrl);
    const atKill = await until(async () => {
      const imp = await importRow(t, victim.taskId);
      return imp.rows_done >= 3 * CHUNK ? imp : undefined;
    }, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const frozen = await importRow(t, victim.taskId);
    assert.equal(frozen.status, 'running');
    assert.ok(frozen.rows_done < ROWS, `killed mid-import (${frozen.rows_done} of ${ROWS} rows committed)`);
    assert.ok(frozen.rows_done >= atKill.rows_done);
    assert.equal(frozen.rows_done % CHUNK, 0, 'only whole chunks are committed');
    ctx.diagnostic(`SIGKILL with ${frozen.rows_done} of ${ROWS} rows committed`);

    // What the killed run left adds up: every committed row has exactly one outcome.
    const partial = await outcome(t, victim.taskId);
    const counts = frozen.counts;
    const sum = Object.entries(counts).reduce((n, [k, v]) => (k === 'dialable' ? n : n + v), 0);
    assert.equal(sum, frozen.rows_done);
    assert.equal(partial.numbers.length + partial.rejects.length, frozen.rows_done);
    assert.equal(partial.task.total_count, counts.dialable ?? 0);

    // Restart: the job's lease would expire after 30 s; end it now instead of waiting.
    await t.app.db.system
      .updateTable('jobs')
      .set({ lease_until: new Date(Date.now() - 1000) })
      .where('kind', '=', 'task.import')
      .where('status', '=', 'running')
      .execute();
    const second = worker(t, dbUrl);
    try {
      // Done means the job too: the import finished and the runner recorded it.
      await until(async () => {
        const jobs = await t.app.db.system
          .selectFrom('jobs')
          .select('status')
          .where('kind', '=', 'task.import')
          .execute();
        return jobs.every((j) => j.status === 'done') ? true : undefined;
      }, 120_000);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
    const got = await outcome(t, victim.taskId);
    assert.deepEqual(got.imp.counts, expected.imp.counts);
    assert.deepEqual(got.task.import_mark, expected.task.import_mark);
    assert.equal(got.task.total_count, expected.task.total_count);
    assert.deepEqual(got.numbers, expected.numbers);
    assert.deepEqual(got.rejects, expected.rejects);
    assert.equal(new Set(got.numbers.map((n) => n.row_no)).size, got.numbers.length, 'no row inserted twice');
    assert.equal(got.numbers.length + got.rejects.length, ROWS, 'no row lost');
    const mark = got.task.import_mark as Record<string, number>;
    assert.equal(mark.totalCount, ROWS);
    for (const k of ['blacklistCount', 'repeatCount', 'failCount', 'kongCount', 'chaopinCount']) {
      assert.ok((mark[k] ?? 0) > 0, `the data exercises ${k}`);
    }
    const pushes = await t.app.db.system
      .selectFrom('push_events')
      .select('id')
      .where('order_key', '=', victim.taskSn)
      .execute();
    assert.equal(pushes.length, 1, 'one 5.7.15 push');
    const job = await t.app.db.system
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where(sql<boolean>`payload @> ${JSON.stringify({ importId: got.imp.id })}::jsonb`)
      .executeTakeFirstOrThrow();
    assert.deepEqual(job, { status: 'done', attempts: 2 });
  });
});
