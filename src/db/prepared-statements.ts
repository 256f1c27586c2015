// Parameterised statements run as named prepared statements on each pooled connection. Planning costs PostgreSQL
// about as much CPU as running a typical short query; a prepared statement is planned once per connection and, for
// statements whose plans do not depend on the values, reuses a generic plan. Row-level security stays exact:
// PostgreSQL re-plans a statement whose plan depends on the role when it runs under another one, and the team id is
// read from the transaction's setting at execution time.
import type pg from 'pg';

/** Statements kept prepared per connection; the least recently used one is deallocated beyond it. */
export const PREPARED_PER_CONNECTION = 200;

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Makes `client.query(text, values)` (the form Kysely uses; values non-empty) run `text` as a named prepared
 * statement. Other forms (no values, config objects, COPY and cursor submittables, callbacks) are untouched.
 */
export function prepareStatements(client: pg.Client, limit = PREPARED_PER_CONNECTION): void {
  const query = client.query.bind(client) as QueryFn;
  /** text → statement name, in least-recently-used-first order. */
  const names = new Map<string, string>();
  let counter = 0;
  const prepared = (text: string): string => {
    let name = names.get(text);
    if (name !== undefined) {
      names.delete(text);
      names.set(text, name);
      return name;
    }
    if (names.size >= limit) {
      const [oldText, oldName] = names.entries().next().value!;
      names.delete(oldText);
      forget(client, oldName);
      // Queued behind whatever runs now; a name is never reused, so a failed DEALLOCATE cannot collide later.
      (query(`DEALLOCATE "${oldName}"`) as Promise<unknown>).catch(() => undefined);
    }
    name = `aicall_${++counter}`;
    names.set(text, name);
    return name;
  };
  namers.set(client, prepared);
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      return query({ name: prepared(text), text, values });
    }
    return query(...args);
  };
}

/** Each pooled client's namer: a statement text's name on that connection (named, and others evicted, as needed). */
const namers = new WeakMap<pg.Client, (text: string) => string>();

/**
 * The name `text` is prepared under on `client` (a client set up by prepareStatements), for code that writes its
 * own protocol messages; it sends the Parse itself when node-postgres has not recorded one (`parsedStatements`).
 */
export function preparedStatementName(client: pg.ClientBase, text: string): string {
  const namer = namers.get(client as pg.Client);
  if (namer === undefined) throw new Error('prepared statements are not set up on this client');
  return namer(text);
}

/** node-postgres remembers every statement it parsed on a connection; drop the evicted one's text. */
function forget(client: pg.Client, name: string): void {
  const connection = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } })
    .connection;
  if (connection?.parsedStatements) delete connection.parsedStatements[name];
}
