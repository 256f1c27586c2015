import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../lib/logger.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import type { DialOutcome } from '../services/dial/dial-types.js';
import type { HangupReport } from '../services/dial/hangup.service.js';
import { OutcomeQueue } from './outcome-queue.js';

const outcome = (id: string) => ({ number: { id, dialSeq: 1 } }) as unknown as DialOutcome;
const report: HangupReport = { applied: 0, late: 0 };

describe('OutcomeQueue', () => {
  it('groups attempts that finish while a write runs into the next transaction', async () => {
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const q = new OutcomeQueue(
      async (batch) => {
        batches.push(batch.map((o) => o.number.id));
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return report;
      },
      () => undefined,
      new VirtualClock(0),
      silentLogger,
      { maxBatch: 100, retryMs: 10, maxFailures: 3 },
    );
    q.push(outcome('1'));
    q.push(outcome('2'));
    q.push(outcome('3'));
    await new Promise((r) => setImmediate(r));
    release();
    await q.idle();
    assert.deepEqual(batches, [['1'], ['2', '3']]);
  });

  it('retries failed writes, halving the batch, and finally drops a poisonous attempt', async () => {
    const clock = new VirtualClock(0);
    const written: string[] = [];
    const dropped: string[] = [];
    const q = new OutcomeQueue(
      (batch) => {
        if (batch.some((o) => o.number.id === 'bad')) return Promise.reject(new Error('constraint'));
        written.push(...batch.map((o) => o.number.id));
        return Promise.resolve(report);
      },
      (batch, r) => {
        if (!r) dropped.push(...batch.map((o) => o.number.id));
      },
      clock,
      silentLogger,
      { maxBatch: 100, retryMs: 10, maxFailures: 2 },
    );
    for (const id of ['a', 'bad', 'b', 'c']) q.push(outcome(id));
    const idle = q.idle();
    await clock.runAll();
    await idle;
    assert.deepEqual(written.sort(), ['a', 'b', 'c']);
    assert.deepEqual(dropped, ['bad']);
  });
});
