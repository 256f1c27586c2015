// A tenant transaction's opening (BEGIN, the role switch, the team setting) travels in the same network write as
// its first statement: PostgreSQL runs the messages in order, so the statement runs after the settings or, if the
// opening failed, in an aborted transaction that refuses it. The caller waits for one answer instead of two.
// (A one-statement read is one batch of its own: tenant-read-batch.ts.)
import type pg from 'pg';
import { sendTogether } from './send-together.js';

/**
 * What the transaction driver tells a pooled client, carried as a query's only parameter (so no statement text can
 * be mistaken for it): `open` holds a tenant opening back until the first statement; `end` is the driver's COMMIT or
 * ROLLBACK, which becomes a no-op when nothing was opened on the server.
 */
export class TenantDirective {
  private constructor(
    readonly kind: 'open' | 'end',
    readonly opening: string,
  ) {}

  static open(opening: string): TenantDirective {
    return new TenantDirective('open', opening);
  }

  static readonly end = new TenantDirective('end', '');
}

type QueryFn = (...args: unknown[]) => unknown;
interface Outcome {
  command: string;
  rowCount: number | null;
  rows: unknown[];
}

/** Nothing was sent: what Kysely reads from a result (no rows, no affected-row count). */
const NOTHING: Outcome = { command: '', rowCount: null, rows: [] };

type State = { kind: 'idle' } | { kind: 'held'; opening: string };

const directiveOf = (values: unknown): TenantDirective | undefined =>
  Array.isArray(values) && values.length === 1 && values[0] instanceof TenantDirective
    ? values[0]
    : undefined;

/** Makes `client` honour TenantDirectives (installed once per pooled connection, on top of prepared statements). */
export function pipelineTenantOpenings(client: pg.Client): void {
  const query = client.query.bind(client) as QueryFn;
  let state: State = { kind: 'idle' };
  /**
   * The opening and its statement while they are sent together: the client is in pipeline mode until every one of
   * them is answered, so a statement the transaction issues meanwhile (two reads run with Promise.all) waits for
   * them instead of joining the pipeline. Joined, it could be left unsent-for when the mode ends: pg would never
   * take it as the active query, and the request would wait forever.
   */
  let together: Promise<void> | undefined;
  const tenantQuery: QueryFn = (...args: unknown[]) => {
    if (together !== undefined) {
      const after = () => tenantQuery(...args);
      return together.then(after, after);
    }
    const [text, values] = args;
    const directive = directiveOf(values);
    if (directive?.kind === 'open') {
      if (state.kind !== 'idle') return Promise.reject(new Error('a tenant transaction is already open'));
      state = { kind: 'held', opening: directive.opening };
      return Promise.resolve(NOTHING);
    }
    if (directive?.kind === 'end') {
      const sent = state.kind === 'idle';
      state = { kind: 'idle' };
      return sent ? query(text) : Promise.resolve(NOTHING);
    }
    if (state.kind === 'held') {
      const { opening } = state;
      state = { kind: 'idle' };
      const sent = sendTogether(client, [() => query(opening), () => query(...args)]);
      // No other batch can start before this one ends: its opening would wait here too.
      const ended = () => {
        together = undefined;
      };
      together = sent.then(ended, ended);
      return sent.then((answers) => answers[1]);
    }
    return query(...args);
  };
  (client as unknown as { query: QueryFn }).query = tenantQuery;
}
