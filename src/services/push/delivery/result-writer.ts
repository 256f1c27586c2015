// Writes attempt outcomes in batches: at thousands of deliveries per second one transaction per attempt would
// be the bottleneck, so outcomes are buffered for a few milliseconds (or until a batch is full) and written as
// one INSERT of push-log rows plus one UPDATE of events. Writes are serialised; a failed write is retried with
// the next batch. Until written, the events stay leased (the worker's heartbeat keeps the lease), so a crash
// before the write only means they are delivered again after the lease runs out — at least once, never lost.
import type { Logger } from '../../../lib/logger.js';
import { pushAttemptRepository } from '../../../repositories/push-attempt.repository.js';
import { pushEventRepository } from '../../../repositories/push-event.repository.js';
import type { Store } from '../../../repositories/store.js';
import { PUSH_KINDS, isPushKind } from '../policy/push-kind.js';
import { SUPERSEDED_REASON, attemptRow, eventResult, type FinishedAttempt } from './attempt-outcome.js';

export interface ResultWriterOptions {
  /** Longest time an outcome waits in the buffer (ms). */
  flushMs: number;
  /** Buffer size that triggers an immediate write. */
  flushSize: number;
}

/** Buffers finished attempts and writes them in batches under the worker's lease token. */
export class ResultWriter {
  #buffer: FinishedAttempt[] = [];
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #failures = 0;

  constructor(
    private readonly store: Store,
    private readonly token: string,
    private readonly log: Logger,
    private readonly opts: ResultWriterOptions,
    private readonly onWritten: (batch: readonly FinishedAttempt[]) => void = () => undefined,
  ) {}

  /** Outcomes waiting to be written. */
  get pending(): number {
    return this.#buffer.length;
  }

  add(attempt: FinishedAttempt): void {
    this.#buffer.push(attempt);
    if (this.#buffer.length >= this.opts.flushSize) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.opts.flushMs);
  }

  /** Writes everything buffered so far; resolves when written (or the write failed and was re-queued). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer;
    this.#buffer = [];
    if (batch.length === 0) return this.#chain;
    this.#chain = this.#chain.then(() => this.#write(batch));
    return this.#chain;
  }

  /**
   * Final write of a run (at stop); whatever still cannot be written is dropped — those events stay leased and
   * are delivered again once the lease runs out. The writer remains usable for a later run.
   */
  async finish(): Promise<void> {
    await this.flush();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length > 0) {
      this.log.warn({ events: this.#buffer.length }, 'push results not written; they will be redelivered');
      this.#buffer = [];
    }
  }

  async #write(batch: FinishedAttempt[]): Promise<void> {
    try {
      await this.#supersede(batch);
      await this.store.system.transaction().execute(async (trx) => {
        await pushAttemptRepository.insertMany(trx, batch.map(attemptRow));
        await pushEventRepository.recordResults(trx, this.token, batch.map(eventResult));
      });
      this.#failures = 0;
      this.onWritten(batch);
    } catch (err) {
      // Keep the outcomes (their attempts happened) and try again shortly, backing off while the store is down.
      this.#failures += 1;
      this.log.error({ err, events: batch.length, failures: this.#failures }, 'push result write failed');
      this.#buffer = [...batch, ...this.#buffer];
      const delay = Math.min(5000, 100 * 2 ** Math.min(this.#failures, 6));
      this.#timer ??= setTimeout(() => void this.flush(), delay);
    }
  }

  /** A latest-only event that would be retried is dropped when a newer snapshot of the same subject exists. */
  async #supersede(batch: FinishedAttempt[]): Promise<void> {
    const candidates = batch.filter(
      (a) => a.step.action === 'retry' && isPushKind(a.event.kind) && PUSH_KINDS[a.event.kind].latestOnly,
    );
    if (candidates.length === 0) return;
    const newer = await pushEventRepository.withNewerSibling(
      this.store.system,
      candidates.map((a) => a.event.id),
    );
    for (const a of candidates) {
      if (newer.has(a.event.id) && a.step.action === 'retry') {
        a.step = { action: 'superseded', reason: `${SUPERSEDED_REASON} (${a.step.reason})` };
      }
    }
  }
}
