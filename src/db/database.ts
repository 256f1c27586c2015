import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
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
  /** A raw pool for bulk COPY work. */
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Opens the store. Tenant transactions switch to the `aicall_tenant` role and set `aicall.team_id` locally,
 * so isolation is enforced by PostgreSQL for every query, whoever wrote it.
 */
export function openDatabase(connectionString: string, poolSize = 20): DbHandle {
  const pool = new pg.Pool({ connectionString, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => undefined); // an idle client's error is reported on its next use
  const system = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    system,
    pool,
    tenant: (teamId, fn) => {
      if (!/^\d+$/.test(teamId)) throw new Error(`invalid team id ${teamId}`);
      // Kysely's Transaction refuses nested transaction() calls: a nested COMMIT would end the tenant scope early.
      return system.transaction().execute(async (trx) => {
        // One round trip, simple protocol; teamId is validated digits, so inlining it is safe.
        await sql
          .raw(`SET LOCAL ROLE aicall_tenant; SELECT set_config('aicall.team_id', '${teamId}', true)`)
          .execute(trx);
        return fn(trx);
      });
    },
    close: async () => {
      await system.destroy();
    },
  };
}
