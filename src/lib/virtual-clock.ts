import type { Clock } from './clock.js';

/** Cancels a timer. Calling it after the timer fired, or twice, does nothing. */
export type CancelTimer = () => void;

/**
 * A clock that can also schedule work. Code that waits (the dialer's pacing, the robot's silence timeouts, the
 * carrier simulator's ring times) takes a `Timers` instead of calling `setTimeout`, so it runs unchanged on real
 * time (`systemTimers`) or on a `VirtualClock` (tests, rehearsals, a demo day compressed into minutes).
 */
export interface Timers extends Clock {
  /** Runs `fn` once after `ms` milliseconds (negative or NaN counts as 0). */
  setTimer(ms: number, fn: () => void): CancelTimer;
  /** Resolves after `ms` milliseconds; rejects with `signal.reason` if the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** setTimeout's delay is a signed 32-bit integer; longer delays are chained in steps of this size. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const delayOf = (ms: number): number => (Number.isFinite(ms) && ms > 0 ? ms : ms === Infinity ? Infinity : 0);

/** The abort reason as an Error (a signal may be aborted with any value). */
const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted'));

function sleepOn(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      cancel();
      if (signal) reject(abortError(signal));
    };
    const cancel = timers.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Real time: `Date` and `setTimeout`, with delays beyond ~24.8 days chained instead of firing at once. */
export const systemTimers: Timers = {
  now: () => new Date(),
  setTimer(ms, fn) {
    let remaining = delayOf(ms);
    if (remaining === Infinity) return () => undefined;
    let handle: NodeJS.Timeout;
    const arm = (): void => {
      const step = Math.min(remaining, MAX_TIMEOUT_MS);
      handle = setTimeout(() => {
        remaining -= step;
        if (remaining > 0) arm();
        else fn();
      }, step);
    };
    arm();
    return () => clearTimeout(handle);
  },
  sleep(ms, signal) {
    return sleepOn(systemTimers, ms, signal);
  },
};

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Lets promise continuations (an `await sleep()` resuming) run, so they can schedule their next timer. */
const settle = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Options of {@link VirtualClock.startRealtime}. */
export interface RealtimeOptions {
  /** Virtual milliseconds per real millisecond, e.g. 60 runs an hour in a minute. */
  speed: number;
  /** Receives what a timer throws; the run goes on. Default: rethrown as an uncaught exception, like setTimeout. */
  onError?: (error: unknown) => void;
}

interface Realtime {
  speed: number;
  anchorReal: number;
  anchorVirtual: number;
  onError: (error: unknown) => void;
  handle?: NodeJS.Timeout;
  armedAt: number;
}

/**
 * Deterministic time. Nothing happens until the owner moves the clock: `advance`/`runUntil` fire every due timer
 * in time order (ties in the order they were set), including timers set by those timers and by the promise
 * continuations they resume, each with `now()` equal to its due instant. `startRealtime` instead lets it follow
 * real time at a multiple of its speed. An exception thrown by a timer stops `advance` with the clock at that
 * timer's instant and the remaining timers intact.
 * @example
 * const clock = new VirtualClock(new Date('2025-01-06T01:00:00Z'));
 * clock.setTimer(5_000, () => log('rang'));
 * await clock.advance(5_000); // fires it; clock.now() is 01:00:05Z
 */
export class VirtualClock implements Timers {
  #now: number;
  #seq = 0;
  #heap: Entry[] = [];
  #live = 0;
  #running = false;
  #realtime: Realtime | undefined;

  constructor(start: Date | number = 0) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    const rt = this.#realtime;
    if (rt) this.#now = Math.max(this.#now, this.#mapped(rt));
    return new Date(this.#now);
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    const delay = delayOf(ms);
    if (delay === Infinity) return () => undefined;
    const entry: Entry = { at: this.now().getTime() + delay, seq: this.#seq++, fn, cancelled: false };
    this.#push(entry);
    this.#live++;
    if (this.#realtime) this.#arm(this.#realtime);
    return () => {
      if (entry.cancelled) return;
      entry.cancelled = true;
      this.#live--;
      this.#compactIfSparse();
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Timers set and neither fired nor cancelled. */
  get pending(): number {
    return this.#live;
  }

  /** Due instant of the next timer, if any. */
  nextAt(): Date | undefined {
    const top = this.#peek();
    return top && new Date(top.at);
  }

  /** Moves time forward by `ms`, firing what falls due; resolves with the number of timers fired. */
  advance(ms: number): Promise<number> {
    return this.runUntil(this.#now + Math.max(0, delayOf(ms)));
  }

  /** Moves time forward to `date` (never backwards), firing what falls due; resolves with the count fired. */
  async runUntil(date: Date | number): Promise<number> {
    const target = typeof date === 'number' ? date : date.getTime();
    return this.#drive((top) => top.at <= target, target);
  }

  /**
   * Fires timers until none is left, moving time to each. `limit` guards against a timer that re-arms itself
   * forever: exceeding it throws.
   */
  async runAll(limit = 1_000_000): Promise<number> {
    let fired = 0;
    return this.#drive(() => {
      if (++fired > limit) throw new Error(`VirtualClock.runAll: more than ${limit} timers fired`);
      return true;
    });
  }

  /**
   * Lets the clock follow real time at `speed`× from its current instant until the returned function is called.
   * Manual `advance`/`runUntil`/`runAll` are refused meanwhile.
   */
  startRealtime(options: RealtimeOptions): () => void {
    if (!(options.speed > 0) || !Number.isFinite(options.speed)) {
      throw new RangeError(`VirtualClock: speed must be a positive finite number, got ${options.speed}`);
    }
    this.#assertIdle('startRealtime');
    const rt: Realtime = {
      speed: options.speed,
      anchorReal: performance.now(),
      anchorVirtual: this.#now,
      onError:
        options.onError ??
        ((error) =>
          queueMicrotask(() => {
            throw error;
          })),
      armedAt: Infinity,
    };
    this.#realtime = rt;
    this.#arm(rt);
    return () => {
      if (this.#realtime !== rt) return;
      this.now();
      clearTimeout(rt.handle);
      this.#realtime = undefined;
    };
  }

  async #drive(take: (top: Entry) => boolean, target?: number): Promise<number> {
    this.#assertIdle('advance');
    this.#running = true;
    let fired = 0;
    try {
      await settle();
      for (let top = this.#peek(); top && take(top); top = this.#peek()) {
        this.#pop();
        this.#live--;
        top.cancelled = true;
        this.#now = Math.max(this.#now, top.at);
        fired++;
        top.fn();
        await settle();
      }
      if (target !== undefined && target > this.#now) this.#now = target;
      return fired;
    } finally {
      this.#running = false;
    }
  }

  #assertIdle(what: string): void {
    if (this.#running) throw new Error(`VirtualClock.${what}: the clock is already being advanced`);
    if (this.#realtime) throw new Error(`VirtualClock.${what}: the clock is running in real time`);
  }

  #mapped(rt: Realtime): number {
    return rt.anchorVirtual + (performance.now() - rt.anchorReal) * rt.speed;
  }

  /** (Re)arms the real timeout for the earliest virtual timer. */
  #arm(rt: Realtime): void {
    const top = this.#peek();
    if (!top) return;
    if (rt.handle && rt.armedAt <= top.at) return;
    clearTimeout(rt.handle);
    rt.armedAt = top.at;
    const wait = Math.min(MAX_TIMEOUT_MS, Math.max(0, (top.at - this.#mapped(rt)) / rt.speed));
    rt.handle = setTimeout(() => this.#tick(rt), Math.ceil(wait));
  }

  #tick(rt: Realtime): void {
    rt.handle = undefined;
    rt.armedAt = Infinity;
    if (this.#realtime !== rt) return;
    const target = this.now().getTime();
    // Timers set during this tick wait for the next one, so a timer re-arming itself at 0 ms cannot spin forever.
    const setBefore = this.#seq;
    for (let top = this.#peek(); top && top.at <= target && top.seq < setBefore; top = this.#peek()) {
      this.#pop();
      this.#live--;
      top.cancelled = true;
      try {
        top.fn();
      } catch (error) {
        rt.onError(error);
      }
    }
    if (this.#realtime === rt) this.#arm(rt);
  }

  /** Earliest live entry; cancelled ones found on top are discarded on the way. */
  #peek(): Entry | undefined {
    let top = this.#heap[0];
    while (top?.cancelled) {
      this.#pop();
      top = this.#heap[0];
    }
    return top;
  }

  /** Rebuilds the heap when cancelled entries dominate, so long runs with many cancelled timeouts stay small. */
  #compactIfSparse(): void {
    const size = this.#heap.length;
    if (size < 1024 || this.#live * 2 > size) return;
    const keep = this.#heap.filter((e) => !e.cancelled);
    this.#heap = [];
    for (const e of keep) this.#push(e);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const child = r < heap.length && before(heap[r] as Entry, heap[l] as Entry) ? r : l;
      const c = heap[child] as Entry;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
