// A job queued by any process starts at once on an idle runner: the queueing transaction's commit announces it
// (migration 115) and the runner's loops wake, instead of waiting for their next poll. Here the poll interval is ten
// minutes, so a job that runs at all was started by the notice.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '../../src/db/database.js';
import { JobRunner } from '../../src/services/job-runner.js';
import { testDatabaseUrl } from '../support/test-db.js';

const NEVER_MS = 600_000;

// Outside the suite: the database is dropped after the suite's own clean-up has closed every connection to it.
const url = await testDatabaseUrl();

describe('job runner wake-up', async () => {
  const db = openDatabase(url);
  after(() => db.close());
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  after(() => other.end());

  const runner = new JobRunner(db, pino({ level: 'silent' }), { pollMs: NEVER_MS, concurrency: 2 });
  const started: string[] = [];
  let onStart = () => {};
  runner.register('task.import', (ctx) => {
    started.push((ctx.payload as unknown as { marker: string }).marker);
    onStart();
    return Promise.resolve();
  });
  runner.start();
  after(() => runner.stop());
  // Listening (a round trip on the listening connection) and both loops idle: they claimed nothing and now wait.
  await db.changes.barrier();
  await sleep(200);

  /** Queues a job from another connection (as another process would) and waits for the runner to start it. */
  async function queueAndAwait(marker: string, inTransaction: (c: pg.Client) => Promise<void>) {
    const ran = new Promise<void>((resolve) => (onStart = resolve));
    await inTransaction(other);
    const timeout = new AbortController();
    const outcome = await Promise.race([
      ran.then(() => 'started'),
      sleep(30_000, 'not started', { signal: timeout.signal }).catch(() => 'aborted'),
    ]);
    timeout.abort();
    assert.equal(outcome, 'started', `job ${marker} was not started by its notice`);
  }

  it('starts a job queued by another connection without waiting for a poll', async () => {
    await queueAndAwait('a', (c) =>
      c
        .query(`INSERT INTO jobs (kind, payload) VALUES ('task.import', '{"marker":"a"}')`)
        .then(() => undefined),
    );
    assert.deepEqual(started, ['a']);
  });

  it('hears the notice only when the queueing transaction commits', async () => {
    await other.query('BEGIN');
    await other.query(`INSERT INTO jobs (kind, payload) VALUES ('task.import', '{"marker":"b"}')`);
    await db.changes.barrier(); // every notice committed so far has been handled
    assert.deepEqual(started, ['a'], 'nothing is announced before the commit');
    await queueAndAwait('b', (c) => c.query('COMMIT').then(() => undefined));
    assert.deepEqual(started, ['a', 'b']);
  });
});
