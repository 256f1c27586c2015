/**
 * A small LRU of compiled scripts keyed by (script id, version). Versions are immutable, so an entry never goes
 * stale; concurrent misses for one key share one load. A failed load is not kept.
 */
export class CompiledCache<T> {
  readonly #entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity = 200) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value for (id, version), or the result of `load` (cached when it succeeds). */
  get(scriptId: string, version: number, load: () => Promise<T>): Promise<T> {
    const key = `${scriptId}:${version}`;
    const hit = this.#entries.get(key);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const pending = load();
    this.#entries.set(key, pending);
    pending.catch(() => {
      if (this.#entries.get(key) === pending) this.#entries.delete(key);
    });
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return pending;
  }
}
