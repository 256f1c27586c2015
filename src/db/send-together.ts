// PostgreSQL runs a connection's messages in the order they arrive, so statements whose answers the caller does not
// need before sending the next can go in one network write and cost one round trip. node-postgres can pipeline
// (its `pipeline` mode); it is switched on for just these queries, since COPY and cursors refuse that mode.
import type { Writable } from 'node:stream';
import type pg from 'pg';

/**
 * Sends the queries at once on `client` (which the caller holds) and waits for every answer. Returns each one's
 * result, or throws the first failure: an earlier failure is the cause of a later "transaction is aborted".
 */
export async function sendTogether(
  client: pg.ClientBase,
  sends: readonly (() => unknown)[],
): Promise<unknown[]> {
  const piped = client as unknown as { pipeline: boolean; connection?: { stream?: Partial<Writable> } };
  piped.pipeline = true;
  // Pipelined queries are written as they are submitted, one socket write (and one wake-up of the server) each;
  // held back until all are queued, they leave in one write.
  const stream = piped.connection?.stream;
  const corked = typeof stream?.cork === 'function' && typeof stream.uncork === 'function';
  let results: PromiseSettledResult<unknown>[];
  try {
    if (corked) stream.cork!();
    let sent: Promise<unknown>[];
    try {
      sent = sends.map((send) => Promise.resolve(send()));
    } finally {
      if (corked) stream.uncork!();
    }
    results = await Promise.allSettled(sent);
  } finally {
    // Every query has been answered, so none waits in the pipeline's sent queue: the ordinary mode takes over.
    piped.pipeline = false;
  }
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
}
