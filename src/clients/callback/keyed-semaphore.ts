// A counting semaphore per key (the destination host), so one slow customer can hold at most `limit` slots and
// never delays deliveries to anyone else. Waiters are served first-in first-out.

type Release = () => void;

/** FIFO with O(1) shift (a plain array shift is O(n), too slow with 100k queued sends). */
class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

interface Slot {
  active: number;
  readonly waiters: Fifo<Release>;
}

/**
 * Limits concurrent work per key.
 * @example const release = await sem.acquire('receiver.example.com'); try { … } finally { release(); }
 */
export class KeyedSemaphore {
  readonly #limit: number;
  readonly #slots = new Map<string, Slot>();

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`semaphore limit must be ≥ 1, got ${limit}`);
    }
    this.#limit = limit;
  }

  /** Resolves with a release function once a slot for `key` is free; call it exactly once (extra calls are no-ops). */
  acquire(key: string): Promise<Release> {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { active: 0, waiters: new Fifo<Release>() };
      this.#slots.set(key, slot);
    }
    const s = slot;
    if (s.active < this.#limit) {
      s.active++;
      return Promise.resolve(this.#releaser(key, s));
    }
    return new Promise<Release>((resolve) => {
      // The slot is handed over directly (active stays the same), so a newcomer can never jump the queue.
      s.waiters.push(() => resolve(this.#releaser(key, s)));
    });
  }

  /** Work currently holding a slot for `key`. */
  inFlight(key: string): number {
    return this.#slots.get(key)?.active ?? 0;
  }

  /** Work queued for `key`. */
  waiting(key: string): number {
    return this.#slots.get(key)?.waiters.size ?? 0;
  }

  #releaser(key: string, slot: Slot): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.waiters.shift();
      if (next) {
        next();
        return;
      }
      slot.active--;
      // Forget idle hosts so the map does not grow with every customer ever seen.
      if (slot.active === 0 && this.#slots.get(key) === slot) this.#slots.delete(key);
    };
  }
}
