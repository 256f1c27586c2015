// An idle job runner polls forever; each poll must leave nothing behind on its stop signal. It used to add one
// abort listener per poll, so every `npm start` printed MaxListenersExceededWarning after ten idle polls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { JobRunner } from '../../src/services/job-runner.js';
import { buildTestApp } from '../support/test-app.js';

describe('job runner idle polling', async () => {
  const t = await buildTestApp();

  it('polls many times without a listener leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const runner = new JobRunner(t.app.db, pino({ level: 'silent' }), { pollMs: 1, concurrency: 2 });
    runner.register('task.import', () => Promise.resolve());
    let polls = 0;
    const roundTrip = t.app.db.system.selectFrom('jobs').select('id');
    runner.start();
    // Give the loops time for dozens of empty polls (each one a claim query; ours queue behind theirs).
    while (polls < 60) {
      await sleep(5);
      await roundTrip.execute();
      polls += 1;
    }
    await runner.stop();
    await sleep(10);
    process.off('warning', onWarning);
    assert.deepEqual(
      warnings.filter((w) => w.startsWith('MaxListenersExceededWarning')),
      [],
    );
  });
});
