/**
 * One 20 ms clock for every call's outgoing media. A single timer for all streams costs one wake-up per frame
 * time whatever the number of calls; each tick is scheduled against `performance.now()` from a fixed origin
 * (tick n is due at origin + n × 20 ms), so timer slop never accumulates into drift.
 *
 *   origin      +20        +40        +60   (due times)
 *     │ tick 0   │ tick 1   │ tick 2   │
 *     └─ every subscriber sends one frame per tick; a tick that runs late sends late, the next one is still
 *        due on its own slot. When the loop stalls for several slots the missed ticks run back to back (up to
 *        {@link MAX_CATCH_UP}) so the far end's playout clock keeps its sample count.
 */
import { performance } from 'node:perf_hooks';

export const FRAME_MS = 20;
/** Samples per 20 ms frame at 8 kHz. */
export const FRAME_SAMPLES = 160;
const MAX_CATCH_UP = 5;

export interface MediaTick {
  /** When this tick was due (performance.now() scale). */
  readonly dueAt: number;
  /** How late it runs, ms (≥ 0). */
  readonly lateMs: number;
}

export type TickListener = (tick: MediaTick) => void;

export class MediaClock {
  #listeners = new Set<TickListener>();
  #timer: NodeJS.Timeout | undefined;
  #origin = 0;
  #n = 0;

  /** Subscribes; the clock runs while anyone listens. Returns the unsubscribe function. */
  add(listener: TickListener): () => void {
    this.#listeners.add(listener);
    if (!this.#timer) {
      this.#origin = performance.now();
      this.#n = 0;
      this.#schedule();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  get size(): number {
    return this.#listeners.size;
  }

  #schedule(): void {
    const due = this.#origin + (this.#n + 1) * FRAME_MS;
    this.#timer = setTimeout(() => this.#run(), Math.max(0, due - performance.now()));
  }

  #run(): void {
    const now = performance.now();
    let behind = Math.floor((now - this.#origin) / FRAME_MS) - this.#n;
    if (behind > MAX_CATCH_UP) {
      // A long stall: skip what cannot be caught up rather than bursting seconds of audio.
      this.#n += behind - MAX_CATCH_UP;
      behind = MAX_CATCH_UP;
    }
    for (let i = 0; i < Math.max(1, behind); i++) {
      this.#n++;
      const dueAt = this.#origin + this.#n * FRAME_MS;
      const tick = { dueAt, lateMs: Math.max(0, performance.now() - dueAt) };
      for (const listener of this.#listeners) {
        try {
          listener(tick);
        } catch {
          // One stream's failure must not silence the others; streams report their own errors.
        }
      }
    }
    if (this.#listeners.size > 0) this.#schedule();
    else this.#timer = undefined;
  }
}

/** The process's media clock (shared by every SIP line). */
export const mediaClock = new MediaClock();
