import type { Logger } from './logger.js';
import type { Timers } from './virtual-clock.js';

export interface PeriodicPassOptions {
  /** One pass; returns how many things it handled (logged when above zero). */
  readonly pass: () => Promise<number>;
  /** What the pass handles, for the log line (`'analytics pushes queued'`). */
  readonly handled: string;
  readonly everyMs: number;
  readonly timers: Timers;
  readonly log: Logger;
}

/**
 * Runs a background pass every `everyMs` (the 7.7 analytics push, automatic give-up of private customers). The
 * loop catches and logs every error and goes on; `start()`/`stop()` are idempotent and `stop()` resolves once
 * the current pass has finished.
 */
export class PeriodicPass {
  #abort: AbortController | undefined;
  #loop: Promise<void> | undefined;

  constructor(private readonly opts: PeriodicPassOptions) {}

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
    const { pass, handled, everyMs, timers, log } = this.opts;
    while (!signal.aborted) {
      try {
        const n = await pass();
        if (n > 0) log.info({ count: n }, handled);
      } catch (err) {
        log.error({ err }, `${handled}: pass failed; will try again`);
      }
      // Rejects only when aborted: the while condition then ends the loop.
      await timers.sleep(everyMs, signal).catch(() => undefined);
    }
  }
}
