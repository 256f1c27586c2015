// The database's notices as seen by one process: one dedicated connection LISTENs on every channel, and the
// process's parts subscribe to a channel — caches of authentication facts to `aicall_auth` (migration 110), the job
// runner to `aicall_jobs` (migration 115). What makes a cache as fresh as the database is `barrier()`: a round trip
// on the listening connection, after which every notice committed before the call has been handled — PostgreSQL
// hands a listener its pending notices before it answers the listener's next query. Concurrent callers share round
// trips.
import pg from 'pg';

export const AUTH_CHANNEL = 'aicall_auth';
export const JOBS_CHANNEL = 'aicall_jobs';
const CHANNELS = [AUTH_CHANNEL, JOBS_CHANNEL] as const;
export type NoticeChannel = (typeof CHANNELS)[number];
const RETRY_MS = 1_000;

export interface ChangeFeedListener {
  /** One notice's payload (see migration 110). */
  notice(payload: string): void;
  /** Notices may have been missed (connection lost or re-established): forget everything cached. */
  reset(): void;
}

export class ChangeFeed {
  readonly #listeners = new Map<NoticeChannel, Set<ChangeFeedListener>>(CHANNELS.map((c) => [c, new Set()]));
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #syncing: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;
  /**
   * Bumped by every authentication notice and reset: a value read before a database lookup tells whether it may be
   * cached.
   */
  generation = 0;

  constructor(private readonly connectionString: string) {}

  subscribe(listener: ChangeFeedListener, channel: NoticeChannel = AUTH_CHANNEL): void {
    this.#listeners.get(channel)!.add(listener);
  }

  unsubscribe(listener: ChangeFeedListener, channel: NoticeChannel = AUTH_CHANNEL): void {
    this.#listeners.get(channel)!.delete(listener);
  }

  /** Starts listening now rather than at the first barrier; a failure is retried by the next call. */
  listen(): void {
    if (this.#client === undefined && !this.#closed) void this.#connect().catch(() => undefined);
  }

  /** True while notices flow: caches may be used. */
  get live(): boolean {
    return this.#client !== undefined;
  }

  /**
   * Resolves once every notice committed before this call has been delivered to the listeners; rejects when the
   * feed is down (callers then read the database). Waits for a round trip that starts after the call.
   */
  barrier(): Promise<void> {
    if (this.#syncing === undefined) {
      this.#syncing = this.#sync().finally(() => (this.#syncing = undefined));
      return this.#syncing;
    }
    // The running round trip may have started before a notice this caller must see: take the next one.
    return (this.#queued ??= this.#syncing
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.barrier();
      }));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client ?? (await this.#connecting?.catch(() => undefined));
    this.#drop();
    await client?.end().catch(() => undefined);
  }

  async #sync(): Promise<void> {
    const client = this.#client ?? (await this.#connect());
    await client.query('SELECT 1');
  }

  #connect(): Promise<pg.Client> {
    if (this.#closed) return Promise.reject(new Error('change feed closed'));
    return (this.#connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString });
      client.on('notification', (msg) => {
        const listeners = this.#listeners.get(msg.channel as NoticeChannel);
        if (listeners === undefined) return;
        if (msg.channel === AUTH_CHANNEL) this.generation++;
        for (const l of listeners) l.notice(msg.payload ?? '');
      });
      client.on('error', () => this.#lost(client));
      client.on('end', () => this.#lost(client));
      try {
        await client.connect();
        await client.query(CHANNELS.map((c) => `LISTEN ${c}`).join('; '));
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      } finally {
        this.#connecting = undefined;
      }
      if (this.#closed) {
        await client.end().catch(() => undefined);
        throw new Error('change feed closed');
      }
      // Whatever was cached before this connection listened may have missed notices.
      this.#resetAll();
      this.#client = client;
      return client;
    })());
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#drop();
    client.end().catch(() => undefined);
    if (!this.#closed) {
      this.#retry = setTimeout(() => void this.#connect().catch(() => undefined), RETRY_MS);
      this.#retry.unref();
    }
  }

  #drop(): void {
    this.#client = undefined;
    this.#resetAll();
  }

  #resetAll(): void {
    this.generation++;
    for (const set of this.#listeners.values()) for (const l of set) l.reset();
  }
}
