import type { JobContext, JobHandler, JobKind, JobPayloads } from '../jobs/job-queue.js';
import type { Logger } from '../lib/logger.js';
import { jobRepository } from '../repositories/job.repository.js';
import { JOBS_CHANNEL, type ChangeFeedListener, type Store } from '../repositories/store.js';
import { systemTimers } from '../lib/virtual-clock.js';
import { Wakeup } from '../lib/wakeup.js';

export interface JobRunnerOptions {
  /** How long a claim lasts without a heartbeat; a crashed worker's job is resumed after it. */
  leaseMs?: number;
  pollMs?: number;
  concurrency?: number;
  maxAttempts?: number;
}

/**
 * Runs background jobs. Each worker loop claims a job, heartbeats its lease while the handler runs, and marks
 * it done or schedules a retry. The loop catches every error, logs it and goes on: it never dies. An idle loop
 * wakes when any process queues a job (the `aicall_jobs` notice) and otherwise polls.
 */
export class JobRunner {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #opts: Required<JobRunnerOptions>;
  #abort: AbortController | undefined;
  #loops: Promise<void>[] = [];
  readonly #queued = new Wakeup();
  /** Notices heard so far: a loop that saw it change while it claimed nothing claims again instead of waiting. */
  #notices = 0;
  readonly #listener: ChangeFeedListener = {
    notice: () => this.#heard(),
    reset: () => this.#heard(), // notices may have been missed: look once
  };

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    opts: JobRunnerOptions = {},
  ) {
    this.#opts = { leaseMs: 30_000, pollMs: 250, concurrency: 2, maxAttempts: 5, ...opts };
  }

  register<K extends JobKind>(kind: K, handler: JobHandler<K>): void {
    this.#handlers.set(kind, handler as unknown as JobHandler);
  }

  /** Queues a job outside any transaction (producers inside one use jobRepository.enqueue with their trx). */
  enqueue<K extends JobKind>(teamId: string | null, kind: K, payload: JobPayloads[K]) {
    return jobRepository.enqueue(this.store.system, teamId, kind, payload);
  }

  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.store.changes.subscribe(this.#listener, JOBS_CHANNEL);
    this.store.changes.listen();
    this.#loops = Array.from({ length: this.#opts.concurrency }, () => this.#loop(abort.signal));
  }

  async stop(): Promise<void> {
    const abort = this.#abort;
    if (!abort) return;
    abort.abort();
    this.store.changes.unsubscribe(this.#listener, JOBS_CHANNEL);
    await Promise.all(this.#loops);
    this.#abort = undefined;
    this.#loops = [];
  }

  /** Runs due jobs until none is left (tests and CLI use it instead of the background loops). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.#runOne(new AbortController().signal)) n += 1;
    return n;
  }

  async #loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let ran = false;
      const heard = this.#notices;
      try {
        ran = await this.#runOne(signal);
      } catch (err) {
        this.log.error({ err }, 'job loop error; backing off');
        await pause(this.#opts.pollMs * 4, signal);
      }
      if (!ran && this.#notices === heard) {
        this.store.changes.listen(); // reconnects a feed that could not connect before
        await this.#queued.wait(this.#opts.pollMs, signal);
      }
    }
  }

  #heard(): void {
    this.#notices += 1;
    this.#queued.notify();
  }

  async #runOne(signal: AbortSignal): Promise<boolean> {
    const kinds = [...this.#handlers.keys()];
    if (kinds.length === 0) return false;
    const row = await jobRepository.claim(this.store.system, kinds, this.#opts.leaseMs);
    if (!row) return false;
    const handler = this.#handlers.get(row.kind)!;
    const log = this.log.child({ job: row.id, kind: row.kind, attempt: row.attempts });
    const heartbeat = setInterval(() => {
      jobRepository
        .extendLease(this.store.system, row.id, this.#opts.leaseMs)
        .catch((err: unknown) => log.warn({ err }, 'lease heartbeat failed'));
    }, this.#opts.leaseMs / 3);
    try {
      const ctx: JobContext = {
        id: row.id,
        teamId: row.team_id,
        kind: row.kind as JobKind,
        payload: row.payload as never,
        attempt: row.attempts,
        signal,
      };
      await handler(ctx);
      if (signal.aborted) await jobRepository.release(this.store.system, row.id);
      else await jobRepository.complete(this.store.system, row.id);
    } catch (err) {
      const last = row.attempts >= this.#opts.maxAttempts;
      log.error({ err }, last ? 'job failed for good' : 'job failed; will retry');
      const retryAt = last ? null : new Date(Date.now() + Math.min(60_000, 1000 * 2 ** row.attempts));
      await jobRepository.fail(
        this.store.system,
        row.id,
        err instanceof Error ? err.message : String(err),
        retryAt,
      );
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }
}

/**
 * Waits `ms` or until `signal` aborts, whichever is first. Through `systemTimers.sleep`, which removes its abort
 * listener when the time is up: each idle poll used to leave one behind on the long-lived stop signal.
 */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  systemTimers.sleep(ms, signal).catch(() => undefined);
