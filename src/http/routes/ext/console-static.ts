// The operator console (console/, built by Vite) served at `/`: hashed assets cached for good, index.html never,
// and every other page path of the single-page application answered with index.html so a reload works.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Paths that belong to the API or the server, never to the console. */
const SERVER_PREFIXES = ['/api/', '/ext/', '/docs', '/ws/', '/healthz', '/metrics', '/assets/'];

export function consoleStatic(dir: string) {
  return async (app: FastifyInstance) => {
    const indexFile = path.join(dir, 'index.html');
    if (!existsSync(indexFile)) {
      app.get('/', { schema: { hide: true } }, (_req, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .send(
            '<!doctype html><meta charset="utf-8"><p>控制台尚未构建: 运行 npm start 或 npm run build:console</p>',
          ),
      );
      return;
    }
    // Vite names every asset by its content hash, so a rebuilt console never collides with a cached one. The
    // build writes each larger asset compressed beside it (.br, .gz; vite.config.ts): sent as such to a browser
    // that accepts it, a third to a tenth of the bytes and no compression work per request.
    await app.register(fastifyStatic, {
      root: path.join(dir, 'assets'),
      prefix: '/assets/',
      index: false,
      cacheControl: false,
      preCompressed: true,
      setHeaders: (res) => {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        res.setHeader('vary', 'accept-encoding'); // a shared cache must not hand the brotli body to others
      },
    });
    // Read per request (a few hundred bytes) so a rebuild while running is picked up.
    const sendIndex = (reply: FastifyReply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(readFileSync(indexFile));
    const page = { schema: { hide: true } };
    app.get('/*', page, (req, reply) => {
      const url = req.url.split('?')[0] ?? '/';
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      if (!wantsHtml || SERVER_PREFIXES.some((p) => url.startsWith(p))) return reply.callNotFound();
      return sendIndex(reply);
    });
    app.get('/', page, (_req, reply) => sendIndex(reply));
  };
}
