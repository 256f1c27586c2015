import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { ChangeFeed } from './change-feed.js';
import { oneStatementReads } from './one-statement-read.js';
import { TENANT_ROLE } from './tenant-read-batch.js';
import { prepareStatements } from './prepared-statements.js';
import { pipelineTenantOpenings, TenantDirective } from './tenant-pipeline.js';
import type { Database } from './schema.js';

// `date` columns stay 'YYYY-MM-DD' strings: the wire format, and no time-zone shift.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface DbHandle {
  /** Unscoped access for system work (auth lookup, workers, migrations of data). Never handed to request code. */
  readonly system: Db;
  /** Runs `fn` in a transaction where row-level security limits every statement to one team. */
  tenant<T>(teamId: string, fn: (trx: Tx) => Promise<T>): Promise<T>;
  /**
   * `tenant` for one read-only statement, answered in one round trip (opening, statement and COMMIT sent
   * together; see one-statement-read.ts). A second statement in `fn` is refused, never run outside the scope.
   */
  tenantQuery<T>(teamId: string, fn: (db: Db) => Promise<T>): Promise<T>;
  /** A raw pool for bulk COPY work. */
  readonly pool: pg.Pool;
  /** Committed changes to authentication facts (keys, accounts, teams, roles), for caches. */
  readonly changes: ChangeFeed;
  close(): Promise<void>;
}

/** The team a transaction about to begin is for; consumed by that BEGIN (a later one in the same flow is not). */
const opening = new AsyncLocalStorage<{ teamId: string | undefined }>();

/**
 * Kysely's Postgres driver, except that a tenant transaction's BEGIN, role switch and team setting are one
 * simple-protocol message held back until the first statement, and sent with it (see tenant-pipeline.ts).
 */
class TenantDriver extends PostgresDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const scope = opening.getStore();
    const teamId = scope?.teamId;
    if (scope === undefined || teamId === undefined) return super.beginTransaction(connection, settings);
    scope.teamId = undefined;
    // SET LOCAL, not SELECT set_config(…): a utility statement has no plan and no row to send back (PostgreSQL
    // spent ~30 µs less per transaction, and node-postgres parses one result set fewer). The team id is checked
    // digits (inTenant), so inlining it is safe.
    const text = `BEGIN; SET LOCAL ROLE ${TENANT_ROLE}; SET LOCAL aicall.team_id = '${teamId}'`;
    await connection.executeQuery(CompiledQuery.raw(text, [TenantDirective.open(text)]));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT', [TenantDirective.end]));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK', [TenantDirective.end]));
  }
}

class TenantDialect extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new TenantDriver(this.settings);
  }
}

/**
 * Opens the store. Tenant transactions switch to the `aicall_tenant` role and set `aicall.team_id` locally,
 * so isolation is enforced by PostgreSQL for every query, whoever wrote it.
 */
export function openDatabase(connectionString: string, poolSize = 20): DbHandle {
  const pool = new pg.Pool({ connectionString, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => undefined); // an idle client's error is reported on its next use
  pool.on('connect', (client) => {
    // A connection lost while its client is checked out (the server restarted, the backend was terminated) fails
    // the client's queries, and the pool drops it on release (no longer queryable); the client's own 'error'
    // event, with no listener, would end the process.
    client.on('error', () => undefined);
    prepareStatements(client);
    pipelineTenantOpenings(client);
  });
  const system = new Kysely<Database>({ dialect: new TenantDialect({ pool }) });
  const changes = new ChangeFeed(connectionString);
  const inTenant = <T>(teamId: string, fn: (trx: Tx) => Promise<T>): Promise<T> => {
    if (!/^\d+$/.test(teamId)) throw new Error(`invalid team id ${teamId}`);
    // Kysely's Transaction refuses nested transaction() calls: a nested COMMIT would end the tenant scope early.
    return opening.run({ teamId }, () => system.transaction().execute(fn));
  };
  return {
    system,
    pool,
    changes,
    tenant: inTenant,
    tenantQuery: oneStatementReads(pool),
    close: async () => {
      await changes.close();
      await system.destroy();
    },
  };
}
