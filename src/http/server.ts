import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Metrics } from '../lib/metrics.js';
import { registerBodyGate } from './pipeline/body-gate.js';
import { registerBodyParser } from './pipeline/body-parser.js';
import { answerClientError } from './pipeline/client-error.js';
import type { AnyRoute } from './pipeline/define-route.js';
import { handleError, handleNotFound } from './pipeline/error-handler.js';
import { MULTIPART_LIMITS } from './pipeline/multipart-input.js';
import { registerPathGuard } from './pipeline/path-guard.js';
import { registerRoutes } from './pipeline/register-routes.js';
import { registerUnreadBodyDrain } from './pipeline/unread-body.js';
import type { Services } from './services.js';

export interface ServerOptions {
  readonly services: Services;
  readonly routes: readonly AnyRoute[];
  /** Our own endpoints (health, metrics, push log …), registered as plain Fastify plugins. */
  readonly extensions: readonly ((app: FastifyInstance) => Promise<void> | void)[];
  readonly metrics: Metrics;
  readonly logLevel: string;
  readonly maxBodyBytes: number;
  /** Largest body read before the caller is authenticated. */
  readonly anonMaxBodyBytes: number;
  /** Body bytes held in memory by all requests together. */
  readonly maxInflightBodyBytes: number;
  readonly strictUrlCheck: boolean;
  readonly uploadDir: string;
}

// Never log credentials: these keys are removed from logged request data.
// Any key whose name (or one of its PHP segments: `api_key[]`, `data[password]`) is a secret.
const SECRET_NAME = /^(api_?key|password|re_password|sign|api_access_secret|secret|url|token)$/i;

/** Builds the HTTP server: body parsing, the route pipeline, the error handler and the OpenAPI document. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: opts.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
          id: req.id,
        }),
      },
    },
    bodyLimit: opts.maxBodyBytes,
    // Per-request lines only at debug level: at thousands of requests/s they would drown everything else.
    logController: new LogController({
      disableRequestLogging: opts.logLevel !== 'debug' && opts.logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler: answerClientError,
  });
  app.setValidatorCompiler(() => (data: unknown) => ({ value: data })); // the pipeline validates after merging inputs
  registerPathGuard(app);
  registerUnreadBodyDrain(app);
  registerBodyParser(app, opts.maxBodyBytes);
  const bodyBytes = opts.metrics.gauge(
    'aicall_http_body_bytes_in_flight',
    'Request body bytes held in memory',
  );
  registerBodyGate(app, {
    maxBodyBytes: opts.maxBodyBytes,
    anonymousBytes: opts.anonMaxBodyBytes,
    inflightBudget: opts.maxInflightBodyBytes,
    credentialsValid: (apiKey, userSn, address) =>
      opts.services.auth.authenticate(apiKey, userSn, address).then(
        () => true,
        () => false,
      ),
    onInflight: (bytes) => bodyBytes.set(bytes),
  });
  await app.register(multipart, { limits: { fileSize: opts.maxBodyBytes, ...MULTIPART_LIMITS } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'aicall API (狄阁老 AI客服 compatible)',
        version: '1.0.0',
        description: 'See docs/compat-notes.md.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  const requests = (route: string, status: number) =>
    opts.metrics.counter('aicall_http_requests_total', 'HTTP requests', { route, status: String(status) });
  const latency = (route: string) =>
    opts.metrics.histogram('aicall_http_request_seconds', 'HTTP latency', { route });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests(route, reply.statusCode).inc();
    latency(route).observe(reply.elapsedTime / 1000);
    done();
  });

  registerRoutes(app, opts.routes, {
    services: opts.services,
    strictUrlCheck: opts.strictUrlCheck,
    uploadDir: opts.uploadDir,
    maxUploadBytes: opts.maxBodyBytes,
    anonymousBodyBytes: opts.anonMaxBodyBytes,
  });
  for (const ext of opts.extensions) await ext(app);
  return app;
}

/**
 * The URL with every secret parameter's value replaced, whatever its spelling: `&` or `;` separated, percent-
 * encoded names, PHP array and nested keys. Unparseable query strings are dropped whole.
 * @example redactUrl('/a?api_key[]=k;password=p&x=1') // '/a?api_key[]=***;password=***&x=1'
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url.slice(q + 1).split(/([&;])/);
  const out = parts.map((part, i) => {
    if (i % 2 === 1) return part; // a separator
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      return '***';
    }
    const secret = name.split(/[[\]]+/).some((segment) => SECRET_NAME.test(segment.trim()));
    return secret ? `${rawName}=***` : part;
  });
  return `${url.slice(0, q)}?${out.join('')}`;
}
