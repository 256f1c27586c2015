import type { Logger } from '../../lib/logger.js';
import type { Timers } from '../../lib/virtual-clock.js';

/** What the scheduler drives: one pass over the teams whose analytics push is due. */
export interface DuePusher {
  pushDue(): Promise<number>;
}

/**
 * Runs the 7.7 analytics push every `everyMs` (default one minute: intervals are set in whole minutes). The
 * loop catches and logs every error and goes on; `start()`/`stop()` are idempotent and `stop()` resolves once
 * the current pass has finished.
 */
export class AnalyticsScheduler {
  #abort: AbortController | undefined;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly pusher: DuePusher,
    private readonly timers: Timers,
    private readonly log: Logger,
    private readonly everyMs = 60_000,
  ) {}

  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#loop = this.#run(abort.signal);
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    await this.#loop;
    this.#abort = undefined;
    this.#loop = undefined;
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const n = await this.pusher.pushDue();
        if (n > 0) this.log.debug({ events: n }, 'analytics pushes queued');
      } catch (err) {
        this.log.error({ err }, 'analytics pass failed; will try again');
      }
      try {
        await this.timers.sleep(this.everyMs, signal);
      } catch {
        // aborted: the while condition ends the loop
      }
    }
  }
}
