// ext: `PUT /ext/importSettings` for REST-minded clients. The pipeline answers GET and POST on every endpoint, so a
// PUT is replayed as the POST of the same body: one implementation of auth, validation and envelopes.
import type { FastifyInstance } from 'fastify';

export function importSettingsPut(app: FastifyInstance): void {
  app.put('/ext/importSettings', { schema: { hide: true } }, async (req, reply) => {
    const res = await app.inject({
      method: 'POST',
      url: '/ext/importSettings',
      payload: JSON.stringify(req.body ?? {}),
      headers: { 'content-type': 'application/json' },
    });
    return reply.status(res.statusCode).type('application/json').send(res.body);
  });
}
