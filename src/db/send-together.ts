// PostgreSQL runs a connection's messages in the order they arrive, so statements whose answers the caller does not
// need before sending the next can go in one network write and cost one round trip. node-postgres can pipeline
// (its `pipeline` mode); it is switched on for just these queries, since COPY and cursors refuse that mode.
import type pg from 'pg';

/**
 * Sends the queries at once on `client` (which the caller holds) and waits for every answer. Returns each one's
 * result, or throws the first failure: an earlier failure is the cause of a later "transaction is aborted".
 */
export async function sendTogether(
  client: pg.ClientBase,
  sends: readonly (() => unknown)[],
): Promise<unknown[]> {
  const piped = client as unknown as { pipeline: boolean };
  piped.pipeline = true;
  let results: PromiseSettledResult<unknown>[];
  try {
    results = await Promise.allSettled(sends.map((send) => Promise.resolve(send())));
  } finally {
    // Every query has been answered, so none waits in the pipeline's sent queue: the ordinary mode takes over.
    piped.pipeline = false;
  }
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
}
