/** Removes the listener it was returned for; calling it again does nothing. */
export type Unsubscribe = () => void;

type Listener<T> = (event: T) => void;

/**
 * A minimal synchronous event emitter keyed by an event map. A throwing listener does not keep the others from
 * the event: every listener runs, then the first error is rethrown to whoever emitted.
 */
export class TypedEmitter<Events extends object> {
  #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns its unsubscribe function. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Unsubscribe {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    // Wrapped so the same function added twice is two listeners, each removable on its own.
    const entry: Listener<Events[K]> = (event) => listener(event);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Calls the listeners of `name` in the order they were added. */
  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set || set.size === 0) return;
    let failure: { error: unknown } | undefined;
    for (const listener of [...set] as Listener<Events[K]>[]) {
      try {
        listener(event);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** Drops every listener (the channel has ended; nothing more will be emitted). */
  clear(): void {
    this.#listeners.clear();
  }
}
