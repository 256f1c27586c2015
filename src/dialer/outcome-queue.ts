import type { Logger } from '../lib/logger.js';
import type { Timers } from '../lib/virtual-clock.js';
import type { DialOutcome } from '../services/dial/dial-types.js';
import type { HangupReport } from '../services/dial/hangup.service.js';

export interface OutcomeQueueOptions {
  /** Most attempts written in one transaction. */
  readonly maxBatch: number;
  /** Real-time pause after a failed write before trying again (doubles up to 30 s). */
  readonly retryMs: number;
  /** A single attempt failing this many times in a row is dropped: its lease expires and recovery records it. */
  readonly maxFailures: number;
}

/**
 * Group commit for hang-up transactions: finished attempts queue up while a write is running and go
 * together in the next one, so throughput grows with load instead of one transaction per call. A write that
 * fails is retried (halved each time, to isolate a bad attempt); nothing is reported done before its
 * transaction committed.
 */
export class OutcomeQueue {
  #queue: DialOutcome[] = [];
  #failures = new Map<DialOutcome, number>();
  #flushing: Promise<void> | undefined;
  #retryMs: number;

  constructor(
    private readonly write: (batch: readonly DialOutcome[]) => Promise<HangupReport>,
    private readonly onWritten: (batch: readonly DialOutcome[], report: HangupReport | undefined) => void,
    private readonly realTimers: Timers,
    private readonly log: Logger,
    private readonly options: OutcomeQueueOptions,
  ) {
    this.#retryMs = options.retryMs;
  }

  get pending(): number {
    return this.#queue.length;
  }

  push(outcome: DialOutcome): void {
    this.#queue.push(outcome);
    this.#flushing ??= this.#drain().finally(() => (this.#flushing = undefined));
  }

  /** Resolves once everything queued so far is written (or dropped after repeated failures). */
  async idle(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #drain(): Promise<void> {
    let size = this.options.maxBatch;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, size);
      try {
        const report = await this.write(batch);
        this.#retryMs = this.options.retryMs;
        size = this.options.maxBatch;
        for (const o of batch) this.#failures.delete(o);
        this.onWritten(batch, report);
      } catch (err) {
        const kept = batch.filter((o) => {
          const n = (this.#failures.get(o) ?? 0) + 1;
          this.#failures.set(o, n);
          return n < this.options.maxFailures || batch.length > 1;
        });
        const dropped = batch.filter((o) => !kept.includes(o));
        this.log.error(
          { err, batch: batch.length, dropped: dropped.map((o) => `${o.number.id}#${o.number.dialSeq}`) },
          'hang-up transaction failed; retrying',
        );
        for (const o of dropped) this.#failures.delete(o);
        if (dropped.length > 0) this.onWritten(dropped, undefined);
        this.#queue.unshift(...kept);
        size = Math.max(1, Math.floor(batch.length / 2));
        await this.realTimers.sleep(this.#retryMs);
        this.#retryMs = Math.min(30_000, this.#retryMs * 2);
      }
    }
  }
}
