// The `task.import` job: reads an accepted import's rows in chunks and commits each chunk — its numbers, rejected
// rows, counters and checkpoint — in one transaction; then ends the import (task status effects, 5.7.15 push) in
// one more. A run that dies at any point is resumed by the job runner and skips exactly the committed chunks.
import {
  combineDetectors,
  segmentDetector,
  type NumberDetector,
} from '../../clients/number-detection/index.js';
import type { JobContext } from '../../jobs/job-queue.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { ChunkScope } from '../../repositories/import-chunk.repository.js';
import { importRepository } from '../../repositories/import.repository.js';
import type { Store } from '../../repositories/store.js';
import { taskCreateRepository } from '../../repositories/task-create.repository.js';
import { enqueuePush, PushKind } from '../push/outbox.js';
import type { TaskLifecycleService } from '../task/task-lifecycle.service.js';
import { ImportStatus } from '../task/task-status.js';
import { ChunkPipeline, type WriteOutcome } from './chunk-pipeline.js';
import type { StagedChunk } from './chunk-builder.js';
import { openChunkSource, type ChunkSource } from './chunk-source.js';
import { historyDetector } from './detection/history-detector.js';
import { toImportMark } from './import-counters.js';
import { importEndEffect } from './import-end.js';
import { resolveImportSettings, type ImportSettings } from './import-settings.js';
import type { ImportSpool } from './import-spool.js';
import type { ImportTemplate } from './parse/index.js';

export interface ImportRunnerOptions {
  /** Rows per chunk (one transaction each). */
  readonly chunkRows: number;
  /** Sources of at least this many bytes are parsed in a worker thread (chunk-source.ts). */
  readonly parseThreadMinBytes: number;
  /** The platform's detection vendor, asked after the built-in detector when a team allows it. */
  readonly vendor?: NumberDetector;
}

/** How a run ended. `stopped`: the runner is shutting down (resumed later); `superseded`: another run owns it. */
export type ImportOutcome = 'done' | 'failed' | 'stopped' | 'superseded' | 'missing';

/** The job runner's default attempts (services/job-runner.ts): on the last one an import fails for good. */
const FINAL_ATTEMPT = 5;
const SYSTEM_FAILURE = '导入失败:系统处理异常,请重新导入';

type ImportRecord = NonNullable<Awaited<ReturnType<typeof importRepository.get>>>;

export class ImportRunner {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly lifecycle: TaskLifecycleService,
    private readonly spool: ImportSpool,
    private readonly log: Logger,
    private readonly options: ImportRunnerOptions,
  ) {}

  /** The job handler. Unexpected errors retry (resuming from the checkpoint); the last attempt fails the import. */
  async handle(job: JobContext<'task.import'>): Promise<void> {
    try {
      await this.run(job.payload.importId, job.signal);
    } catch (err) {
      if (job.attempt >= FINAL_ATTEMPT) await this.fail(job.payload.importId, SYSTEM_FAILURE);
      throw err;
    }
  }

  /** Runs (or resumes) one import to its end, or until `signal` aborts between chunks. */
  async run(importId: string, signal?: AbortSignal): Promise<ImportOutcome> {
    const imp = await importRepository.get(this.store.system, importId);
    if (!imp) return 'missing';
    if (imp.status === 'done' || imp.status === 'failed') {
      await this.spool.remove(imp.source_path);
      return imp.status;
    }
    await importRepository.markRunning(this.store.system, importId);
    await taskCreateRepository.markImporting(this.store.system, imp.task_id);
    const scope: ChunkScope = { teamId: imp.team_id, taskId: imp.task_id, importId: imp.id };
    let source: ChunkSource;
    try {
      source = await openChunkSource(
        {
          kind: imp.source_kind,
          path: imp.source_path,
          bytes: Number(imp.source_bytes),
          totalRows: imp.total_rows,
          template: imp.template as unknown as ImportTemplate,
        },
        imp.rows_done,
        {
          chunkRows: this.options.chunkRows,
          threadMinBytes: this.options.parseThreadMinBytes,
          smallInWarmThread: true,
          scope,
        },
      );
    } catch (err) {
      if (err instanceof AppError) return this.fail(importId, err.message);
      throw err;
    }
    const outcome = await this.#chunks(imp, scope, source, signal);
    if (outcome !== 'done') return outcome;
    return this.#finish(importId);
  }

  async #chunks(
    imp: ImportRecord,
    scope: ChunkScope,
    source: ChunkSource,
    signal?: AbortSignal,
  ): Promise<ImportOutcome> {
    const settings = resolveImportSettings(imp.settings);
    const ctx = {
      settings,
      detector: this.#detector(scope.teamId, imp.as_of, settings),
      detectAll: this.options.vendor !== undefined && settings.use_vendor,
      asOf: imp.as_of,
    };
    const pipeline = await ChunkPipeline.open(this.store.pool, scope).catch(async (err: unknown) => {
      await source.close();
      throw err;
    });
    let broken = false;
    let rowsDone = imp.rows_done;
    // The chunk being written while the next one is decided (chunk-pipeline.ts).
    let writing: { result: Promise<WriteOutcome>; chunk: StagedChunk } | undefined;
    const settle = async (): Promise<ImportOutcome | undefined> => {
      if (!writing) return undefined;
      const { result, chunk } = writing;
      writing = undefined;
      const r = await result;
      source.recycle(chunk); // its COPY has completed
      if (r === 'superseded') return 'superseded';
      if (r === 'task-gone') return this.fail(imp.id, '导入失败:任务已删除');
      rowsDone += chunk.rows;
      return undefined;
    };
    try {
      for (;;) {
        const { chunk, progress } = await source.next();
        if (chunk.rows === 0) return (await settle()) ?? 'done';
        const decided = await pipeline.decide(chunk, ctx);
        const ended = await settle();
        if (ended !== undefined) return ended;
        if (signal?.aborted) return 'stopped';
        const percent = Math.min(99, Math.floor(progress * 100));
        writing = { result: pipeline.write(chunk, decided, rowsDone, percent), chunk };
        writing.result.catch(() => undefined); // surfaced by settle
      }
    } catch (err) {
      await writing?.result.catch(() => undefined);
      writing = undefined;
      broken = !(err instanceof AppError);
      if (err instanceof AppError) return this.fail(imp.id, err.message);
      throw err;
    } finally {
      await writing?.result.catch(() => undefined);
      await pipeline.close(broken);
      await source.close();
    }
  }

  #detector(teamId: string, asOf: Date, settings: ImportSettings): NumberDetector {
    const chain: NumberDetector[] = [
      segmentDetector,
      historyDetector(this.store.system, {
        teamId,
        asOf,
        silentMonths: settings.silent_months,
        silentMinCalls: settings.silent_min_calls,
      }),
    ];
    if (this.options.vendor && settings.use_vendor) chain.push(this.options.vendor);
    return combineDetectors(...chain);
  }

  /** Ends a fully read import: counts into import_mark, the task's status effect and the 5.7.15 push, atomically. */
  async #finish(importId: string): Promise<ImportOutcome> {
    const imp = await importRepository.get(this.store.system, importId);
    if (!imp) return 'missing';
    const outcome = await this.store.tenant(imp.team_id, async (trx) => {
      const locked = await importRepository.lock(trx, importId);
      if (!locked || locked.status === 'done' || locked.status === 'failed') return 'superseded' as const;
      const task = await taskCreateRepository.lock(trx, locked.task_id);
      if (!task) return 'missing' as const;
      const mark = toImportMark(locked.counts);
      await importRepository.finish(trx, importId, {
        status: 'done',
        error: null,
        totalRows: locked.rows_done,
      });
      const lastImport = !(await importRepository.othersUnfinished(trx, task.id, importId));
      const effect = importEndEffect(
        { status: task.status, autoStart: task.auto_start, timedStartedAt: task.timed_started_at },
        {
          added: mark.successCount,
          lastImport,
          hasWaiting: await taskCreateRepository.hasWaitingNumbers(trx, task.id),
          now: this.clock.now(),
        },
      );
      await taskCreateRepository.recordImportEnd(trx, task.id, {
        importStatus: lastImport ? ImportStatus.done : ImportStatus.importing,
        percent: lastImport ? 100 : task.import_percent,
        mark,
      });
      if (effect) await this.lifecycle.apply(trx, task.id, effect.event, effect.reason);
      await enqueuePush(trx, imp.team_id, {
        kind: PushKind.importResult,
        orderKey: task.sn,
        payload: { dial_task_main_sn: task.sn, import_mark: mark },
      });
      return 'done' as const;
    });
    if (outcome === 'done') await this.spool.remove(imp.source_path);
    this.log.info({ importId, outcome, counts: imp.counts }, 'import finished');
    return outcome;
  }

  /**
   * Fails an import for good: its numbers not yet dialed and its rejected rows are withdrawn (a failed import
   * imports nothing), and the reason is the `import_mark` of the task and of the 5.7.15 push.
   */
  async fail(importId: string, reason: string): Promise<ImportOutcome> {
    const imp = await importRepository.get(this.store.system, importId);
    if (!imp) return 'missing';
    const outcome = await this.store.tenant(imp.team_id, async (trx) => {
      const locked = await importRepository.lock(trx, importId);
      if (!locked || locked.status === 'done' || locked.status === 'failed') return 'superseded' as const;
      const task = await taskCreateRepository.lock(trx, locked.task_id);
      if (!task) return 'missing' as const;
      const removed = await importRepository.withdraw(trx, importId, task.id);
      await importRepository.finish(trx, importId, {
        status: 'failed',
        error: reason,
        totalRows: locked.rows_done,
      });
      const lastImport = !(await importRepository.othersUnfinished(trx, task.id, importId));
      await taskCreateRepository.recordImportEnd(trx, task.id, {
        importStatus: lastImport ? ImportStatus.failed : ImportStatus.importing,
        percent: lastImport ? 0 : task.import_percent,
        mark: reason,
        totalCountDelta: removed,
      });
      await enqueuePush(trx, imp.team_id, {
        kind: PushKind.importResult,
        orderKey: task.sn,
        payload: { dial_task_main_sn: task.sn, import_mark: reason },
      });
      return 'failed' as const;
    });
    if (outcome === 'failed') await this.spool.remove(imp.source_path);
    this.log.warn({ importId, reason }, 'import failed');
    return outcome;
  }
}
