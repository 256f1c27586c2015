import type { Logger } from '../lib/logger.js';
import type { CancelTimer, Timers } from '../lib/virtual-clock.js';

/**
 * The dialer's work besides the pacing tick: periodic real-time jobs (lease renewal, recovery) and one-off
 * steps (pausing tasks). Each is tracked so `settled()` can wait for them; errors are logged, never thrown.
 */
export class BackgroundWork {
  readonly #running = new Set<Promise<unknown>>();
  #timers: CancelTimer[] = [];
  #stopped = false;

  constructor(
    private readonly timers: Timers,
    private readonly log: Logger,
  ) {}

  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** Runs `step` now, tracked; a failure is logged. */
  track(step: Promise<unknown>): void {
    const tracked = step.catch((err: unknown) => this.log.error({ err }, 'dialer background step failed'));
    this.#running.add(tracked);
    void tracked.finally(() => this.#running.delete(tracked));
  }

  /** Runs `fn` every `ms` (after the previous run ended) until `cancelAll()`. */
  every(ms: number, fn: () => Promise<void>): void {
    this.#stopped = false;
    const arm = (): void => {
      const cancel = this.timers.setTimer(ms, () => {
        this.#timers = this.#timers.filter((c) => c !== cancel);
        if (this.#stopped) return;
        this.track(fn().finally(arm));
      });
      this.#timers.push(cancel);
    };
    arm();
  }

  cancelAll(): void {
    this.#stopped = true;
    for (const cancel of this.#timers) cancel();
    this.#timers = [];
  }

  /** Resolves when every tracked step has ended. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Waits for `p`, at most `ms`. */
  async within(ms: number, p: Promise<unknown>): Promise<void> {
    let cancel: CancelTimer | undefined;
    await Promise.race([p, new Promise<void>((resolve) => (cancel = this.timers.setTimer(ms, resolve)))]);
    cancel?.();
  }
}
