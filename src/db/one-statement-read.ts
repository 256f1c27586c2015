// A tenant read of one statement (Store.tenantQuery) without a Kysely transaction: the statement's connection sends
// the read's opening and the statement as one batch (tenant-read-batch.ts) and returns the statement's answer.
// Kysely's transaction() builds a Transaction (a Kysely instance of its own) and runs begin, statement and commit as
// three awaited driver calls; for one read that cost the server ~30–45 µs of CPU per call. The statement runs under
// the tenant role and team, read-only, or not at all.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Kysely,
  PostgresDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import pg from 'pg';
import { TenantReadBatch } from './tenant-read-batch.js';
import type { Database } from './schema.js';

const { DatabaseError } = pg;

/** The read in progress: its team, and whether its statement has been sent. */
interface Read {
  readonly teamId: string;
  used: boolean;
}

class OneStatementConnection implements DatabaseConnection {
  /** Set when the connection itself failed (not a statement refused by PostgreSQL): it is not pooled again. */
  broken: Error | undefined;

  constructor(
    readonly client: pg.PoolClient,
    private readonly read: Read,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Its transaction ends with the statement: a second one would run outside the snapshot it was written for.
    if (this.read.used) throw new Error('a one-statement tenant read ran a second statement');
    this.read.used = true;
    const batch = new TenantReadBatch(this.client, this.read.teamId, compiled);
    void this.client.query(batch);
    try {
      return { rows: (await batch.done) as R[] };
    } catch (error) {
      // PostgreSQL's own refusal left the connection idle (the Sync ended the failed implicit transaction);
      // anything else (a lost connection, a protocol error) may have left it in an unknown state.
      if (!(error instanceof DatabaseError)) this.broken = error as Error;
      throw error;
    }
  }

  // An interface member: a read of one statement is never streamed.
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('a one-statement tenant read does not stream');
  }
}

const refuseTransaction = (): Promise<void> =>
  Promise.reject(new Error('a one-statement tenant read cannot open a transaction'));

/** Connections for one-statement reads: each statement's own pooled client, for the read running in `scope`. */
class OneStatementDriver implements Driver {
  constructor(
    private readonly pool: pg.Pool,
    private readonly scope: AsyncLocalStorage<Read>,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const read = this.scope.getStore();
    if (read === undefined) throw new Error('a one-statement tenant read ran outside tenantQuery');
    return new OneStatementConnection(await this.pool.connect(), read);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const { client, broken } = connection as OneStatementConnection;
    client.release(broken);
    return Promise.resolve();
  }

  beginTransaction = refuseTransaction;
  commitTransaction = refuseTransaction;
  rollbackTransaction = refuseTransaction;

  async destroy(): Promise<void> {}
}

/**
 * `Store.tenantQuery` on `pool`: runs `fn` with a Kysely instance (built once) whose single statement is sent with
 * the tenant opening for `teamId` and its COMMIT.
 */
export function oneStatementReads(
  pool: pg.Pool,
): <T>(teamId: string, fn: (db: Kysely<Database>) => Promise<T>) => Promise<T> {
  const scope = new AsyncLocalStorage<Read>();
  const db = new Kysely<Database>({
    dialect: new (class extends PostgresDialect {
      override createDriver(): Driver {
        return new OneStatementDriver(pool, scope);
      }
    })({ pool }),
  });
  return (teamId, fn) => {
    if (!/^\d+$/.test(teamId)) throw new Error(`invalid team id ${teamId}`);
    const read: Read = { teamId, used: false };
    return scope.run(read, () => fn(db));
  };
}
