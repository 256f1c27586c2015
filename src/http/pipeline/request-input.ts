import type { FastifyRequest } from 'fastify';
import { phpKeys } from './coerce.js';

/**
 * All parameters of a request in the order they were sent: query string first, then the body (JSON object,
 * form fields or multipart fields). Later keys win, PHP `key[]` forms are folded (compat-notes "Input").
 */
export function requestInput(
  req: FastifyRequest,
  multipartFields?: Record<string, unknown>,
): Record<string, unknown> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const body = multipartFields ?? req.body;
  const fromBody =
    body !== null && typeof body === 'object' && !Buffer.isBuffer(body)
      ? (body as Record<string, unknown>)
      : {};
  return phpKeys({ ...query, ...fromBody });
}

/** The parameters that the `url` signature covers, in sent order: the body's for a body request, else the query's. */
export function signedParams(req: FastifyRequest): Record<string, unknown> {
  const body = req.body;
  if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && Object.keys(body).length > 0) {
    return body as Record<string, unknown>;
  }
  return (req.query ?? {}) as Record<string, unknown>;
}
