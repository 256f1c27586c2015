import type { FastifyRequest } from 'fastify';
import { phpKeys } from './coerce.js';
import { checkInputTree, dictionary } from './input-guard.js';

/**
 * All parameters of a request in the order they were sent: query string first, then the body (JSON object,
 * form fields or multipart fields). Later keys win, PHP `key[]` forms are folded (compat-notes "Input").
 * The result has no prototype; prototype keys, over-deep nesting and NUL characters are refused (input-guard.ts).
 */
export function requestInput(
  req: FastifyRequest,
  multipartFields?: Record<string, unknown>,
): Record<string, unknown> {
  const query = ownParams(req.query);
  // The body parser has checked the body already (body-parser.ts); the query and multipart fields are checked here.
  checkInputTree(query);
  if (multipartFields) checkInputTree(multipartFields);
  const merged = dictionary();
  for (const source of [query, multipartFields ?? ownParams(req.body)]) {
    for (const key of Object.keys(source)) merged[key] = source[key];
  }
  return phpKeys(merged);
}

function ownParams(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : dictionary();
}

/** The parameters that the `url` signature covers, in sent order: the body's for a body request, else the query's. */
export function signedParams(req: FastifyRequest): Record<string, unknown> {
  const body = ownParams(req.body);
  return Object.keys(body).length > 0 ? body : ownParams(req.query);
}
