// The store as services see it: a tenant-scoped transaction runner and an unscoped handle for system work.
// Services never import db/ directly (layer rule); they get these types from here.
export type { Db, DbHandle as Store, Tx } from '../db/database.js';
export type { Database } from '../db/schema.js';
export type { ChangeFeed, ChangeFeedListener } from '../db/change-feed.js';
export { JOBS_CHANNEL } from '../db/change-feed.js';

/** Anything that can run a query: the system handle or a (tenant) transaction. */
export type Executor = import('../db/database.js').Db | import('../db/database.js').Tx;

/**
 * Runs one statement in a one-statement tenant read (Store.tenantQuery, one round trip). Repositories whose list
 * takes a reader run each of their statements through it, usually just one.
 */
export type StatementReader = <T>(fn: (db: Executor) => Promise<T>) => Promise<T>;

/** The reader for `teamId`'s rows. */
export function tenantReader(store: import('../db/database.js').DbHandle, teamId: string): StatementReader {
  return (fn) => store.tenantQuery(teamId, fn);
}
