// An answer given before the request body was read to its end — a body refused by the gate, a multipart body
// whose field or credentials were refused, a parser error — must not leave the rest of that body on the
// connection: on a keep-alive socket the next request would sit behind it unparsed (compat-notes "Transport").
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** The rest of a refused body read and discarded to keep the connection; a larger or unknown rest closes it. */
export const DRAIN_AFTER_ANSWER_BYTES = 8 * 1024 * 1024;

/** Node's own treatment of an unread body: no listener gets the bytes, and they flow until the body ends. */
function discardRest(raw: IncomingMessage): void {
  raw.unpipe();
  raw.removeAllListeners('data');
  raw.resume();
}

export function registerUnreadBodyDrain(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const raw = req.raw;
    if (raw.complete || raw.readableEnded || raw.destroyed) return done(null, payload);
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    // A chunked or huge rest is not waited for: the answer says `Connection: close`, so the client opens a new
    // socket for its next request instead of writing it behind bytes nobody will read.
    if (!(declared <= DRAIN_AFTER_ANSWER_BYTES)) reply.header('connection', 'close');
    discardRest(raw);
    done(null, payload);
  });
}
