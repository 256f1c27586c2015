// Authentication facts cached per process, as fresh as the database: entries are dropped by the `aicall_auth`
// notices (migration 110), and every read first passes the change feed's barrier, so a key replaced by a login on
// any process is refused at once here too. When the feed is down nothing is cached and every read goes to the
// database.
import type { ChangeFeed, ChangeFeedListener } from '../repositories/store.js';

/** Enough for every live key of a large installation; beyond it the oldest entries go first. */
const MAX_ENTRIES = 50_000;

export interface CachedKey {
  readonly accountId: string;
  readonly teamId: string;
  readonly roleId: string | null;
}

export class AuthCache<K extends CachedKey, P> implements ChangeFeedListener {
  readonly #keys = new Map<string, K>();
  readonly #permissions = new Map<string, P>();

  constructor(private readonly feed: ChangeFeed) {
    feed.subscribe(this);
  }

  /** The key's entry, or what `load` reads (cached unless a notice arrived meanwhile); undefined: no such key. */
  async key(keyHash: string, load: () => Promise<K | undefined>): Promise<K | undefined> {
    if (!(await this.#fresh())) return load();
    const hit = this.#keys.get(keyHash);
    if (hit !== undefined) return hit;
    const generation = this.feed.generation;
    const row = await load();
    if (row !== undefined && generation === this.feed.generation) this.#put(this.#keys, keyHash, row);
    return row;
  }

  /** A role's permissions, cached like keys. */
  async permissions(roleId: string, load: () => Promise<P>): Promise<P> {
    if (!(await this.#fresh())) return load();
    const hit = this.#permissions.get(roleId);
    if (hit !== undefined) return hit;
    const generation = this.feed.generation;
    const names = await load();
    if (generation === this.feed.generation) this.#put(this.#permissions, roleId, names);
    return names;
  }

  notice(payload: string): void {
    const id = payload.slice(2);
    switch (payload.slice(0, 2)) {
      case 'k:':
        this.#keys.delete(id);
        break;
      case 'a:':
        for (const [hash, k] of this.#keys) if (k.accountId === id) this.#keys.delete(hash);
        break;
      case 't:':
        for (const [hash, k] of this.#keys) if (k.teamId === id) this.#keys.delete(hash);
        break;
      case 'r:':
        this.#permissions.delete(id);
        for (const [hash, k] of this.#keys) if (k.roleId === id) this.#keys.delete(hash);
        break;
      default:
        this.reset();
    }
  }

  reset(): void {
    this.#keys.clear();
    this.#permissions.clear();
  }

  async #fresh(): Promise<boolean> {
    try {
      await this.feed.barrier();
      return this.feed.live;
    } catch {
      return false;
    }
  }

  #put<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
    map.set(key, value);
  }
}
