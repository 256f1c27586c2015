// ext: /healthz (liveness + store reachability) and /metrics (Prometheus text format).
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../../lib/metrics.js';
import { sharedPrototypesIntact } from '../../pipeline/input-guard.js';

export function healthRoutes(ping: () => Promise<void>, metrics: Metrics) {
  return (app: FastifyInstance) => {
    app.get(
      '/healthz',
      { schema: { tags: ['ext'], summary: 'Liveness and database reachability' } },
      async (_req, reply) => {
        if (!sharedPrototypesIntact()) {
          return reply.status(503).send({ status: 'unavailable', reason: 'shared prototype modified' });
        }
        try {
          await ping();
          return { status: 'ok' };
        } catch {
          return reply.status(503).send({ status: 'unavailable', reason: 'database unreachable' });
        }
      },
    );
    app.get('/metrics', { schema: { tags: ['ext'], summary: 'Prometheus metrics' } }, async (_req, reply) =>
      reply.type('text/plain; version=0.0.4').send(metrics.render()),
    );
  };
}
