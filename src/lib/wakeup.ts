// A notify/wait pair for polling loops (job runner, push delivery): wait until something happened or a time
// passed, whichever is first.

/** Wakes every current waiter on `notify()`. */
export class Wakeup {
  #waiters: (() => void)[] = [];

  /** Resolves on the next notify(), after `ms`, or when `signal` aborts. Never rejects. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        // Drop this waiter when it ends by timeout or abort, so an idle loop does not pile them up.
        const i = this.#waiters.indexOf(done);
        if (i >= 0) this.#waiters.splice(i, 1);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.#waiters.push(done);
    });
  }

  /** Waiters currently pending. */
  get waiting(): number {
    return this.#waiters.length;
  }

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
