// An import run's chunks through two database connections at once: while the writer stores chunk k — its
// numbers, rejected rows, counters and checkpoint, in one transaction — the decider stages chunk k+1 and runs
// every stage on it, in a transaction that keeps nothing. PostgreSQL's work on an import is about half probes
// and half storing, so each gets a core.
//
// The decisions stay those of one chunk after another: the decider holds the task's import lock for the whole
// run (no other import writes to the task meanwhile), a chunk is decided only once the chunk before the one in
// flight has committed, and the numbers of the chunk in flight — which the decider cannot see yet — are marked
// first, as the dedupe stage would once they are committed.
import type { NumberDetector } from '../../clients/number-detection/index.js';
import type pg from 'pg';
import { chunkOutcomeByPhone, outcomeOutput } from '../../repositories/import-chunk-lines.js';
import {
  ImportChunkSession,
  type ChunkDecision,
  type ChunkScope,
  type DispositionCount,
} from '../../repositories/import-chunk.repository.js';
import type { StagedChunk } from './chunk-builder.js';
import { addCounts, Disposition, rowsCovered, type ImportCounts } from './import-counters.js';
import type { ImportSettings } from './import-settings.js';
import { REPEAT_IN_IMPORT, REPEAT_IN_TASK } from './stages/dedupe.js';
import { IMPORT_STAGES } from './stages/index.js';

export interface DecideContext {
  readonly settings: ImportSettings;
  readonly detector: NumberDetector;
  readonly detectAll: boolean;
  readonly asOf: Date;
}

export type WriteOutcome = 'ok' | 'superseded' | 'task-gone';

const REJECTS: readonly string[] = Object.values(Disposition);

export class ChunkPipeline {
  /** The chunk the writer is storing: its numbers, by whether each is stored or rejected. */
  #inFlight?: { stored: Buffer; rejected: Buffer };
  /** Where #inFlight is written, over the last one once the next chunk's decider has marked it. */
  readonly #inFlightOutput = outcomeOutput();

  private constructor(
    private readonly scope: ChunkScope,
    private readonly decider: ImportChunkSession,
    private readonly writer: ImportChunkSession,
  ) {}

  static async open(pool: pg.Pool, scope: ChunkScope): Promise<ChunkPipeline> {
    const decider = await ImportChunkSession.open(pool);
    let writer: ImportChunkSession | undefined;
    try {
      writer = await ImportChunkSession.open(pool);
      await decider.lockTaskForRun(scope.taskId);
      return new ChunkPipeline(scope, decider, writer);
    } catch (err) {
      decider.release(true);
      writer?.release(true);
      throw err;
    }
  }

  /** Stages the chunk and runs every stage on it; returns what they decided. Writes nothing that lasts. */
  async decide(chunk: StagedChunk, ctx: DecideContext): Promise<ChunkDecision[]> {
    const session = this.decider;
    try {
      await session.beginDecide();
      await session.stage(chunk.stage);
      if (this.#inFlight) {
        await session.markInFlight(this.#inFlight, { stored: REPEAT_IN_TASK, rejected: REPEAT_IN_IMPORT });
      }
      const stageCtx = { chunk: session, scope: this.scope, ...ctx };
      for (const stage of IMPORT_STAGES) await stage.apply(stageCtx);
      const decided = await session.decisions();
      await session.commit();
      // The next chunk is decided while this one is written.
      this.#inFlight = chunkOutcomeByPhone(this.scope, chunk, decided, this.#inFlightOutput);
      return decided;
    } catch (err) {
      await session.rollback().catch(() => undefined);
      throw err;
    }
  }

  /** Stores a decided chunk with its counters and checkpoint, in one transaction. */
  async write(
    chunk: StagedChunk,
    decided: readonly ChunkDecision[],
    expectedRowsDone: number,
    percent: number,
  ): Promise<WriteOutcome> {
    const session = this.writer;
    try {
      const { checkpoint, task } = await session.begin(this.scope);
      if (!checkpoint || checkpoint.status === 'done' || checkpoint.status === 'failed') {
        await session.rollback();
        return 'superseded';
      }
      if (checkpoint.rowsDone !== expectedRowsDone) {
        // Another run committed this chunk meanwhile (it cannot happen with one claim per job; be safe anyway).
        await session.rollback();
        return 'superseded';
      }
      if (!task || task.deleted) {
        await session.rollback();
        return 'task-gone';
      }
      const delta = toChunkCounts(await session.write(this.scope, chunk, decided), chunk.rows);
      await session.checkpoint(this.scope, {
        rowsDone: checkpoint.rowsDone + chunk.rows,
        counts: addCounts(checkpoint.counts, delta),
        percent,
        dialableAdded: delta.dialable ?? 0,
      });
      await session.commit();
      return 'ok';
    } catch (err) {
      await session.rollback().catch(() => undefined);
      throw err;
    }
  }

  /** Gives the task's import lock back and returns both connections; broken ones are discarded (lock and all). */
  async close(broken: boolean): Promise<void> {
    if (!broken) {
      broken = await this.decider.unlockTaskForRun(this.scope.taskId).then(
        () => false,
        () => true,
      );
    }
    this.decider.release(broken);
    this.writer.release(broken);
  }
}

/** One chunk's counts; every staged row must have exactly one disposition (else the chunk is rolled back). */
function toChunkCounts(rows: readonly DispositionCount[], expected: number): ImportCounts {
  const counts: ImportCounts = {};
  for (const r of rows) {
    const key = r.disposition as keyof ImportCounts;
    counts[key] = (counts[key] ?? 0) + r.rows;
    if (!r.held && !REJECTS.includes(r.disposition)) {
      counts.dialable = (counts.dialable ?? 0) + r.rows;
    }
  }
  if (rowsCovered(counts) !== expected) {
    throw new Error(`import chunk counted ${rowsCovered(counts)} rows of ${expected}`);
  }
  return counts;
}
