import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { TenantContext } from '../../services/tenant-context.js';
import type { Services } from '../services.js';
import type { Envelope } from './envelope.js';

/** A file received in a multipart upload, already streamed to a size-capped temporary file. */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly path: string;
  readonly bytes: number;
  readonly mimetype: string;
}

export interface HandlerContext {
  readonly services: Services;
  /** The authenticated caller; for `auth: 'none'` routes an error is thrown on access. */
  readonly tenant: TenantContext;
  readonly files: readonly UploadedFile[];
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
}

export interface RouteDef<S extends z.ZodObject = z.ZodObject> {
  /** The reference's section number, e.g. '5.7.2' ('ext' for our own endpoints). */
  readonly section: string;
  readonly title: string;
  /** The method the reference documents; the other one is accepted too (compat-notes "Methods"). */
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly envelope: Envelope;
  /** Success `msg` when the handler gives none. */
  readonly msg?: string;
  /** 'apiKey' (default): public params required. 'none': login and unauthenticated endpoints. */
  readonly auth?: 'apiKey' | 'none';
  /** Permission name a sub-account's role must hold (main accounts hold all). */
  readonly permission?: string;
  /** Accepts multipart uploads; files arrive in `ctx.files`. */
  readonly multipart?: boolean;
  readonly params: S;
  readonly handler: (input: z.infer<S>, ctx: HandlerContext) => Promise<unknown>;
}

/**
 * Declares one endpoint: data plus one service call. Auth, tenancy, coercion, envelopes and error codes are
 * applied by the pipeline (register-routes.ts), never by the route.
 * @example export default defineRoute({ section: '9.1', title: '设置回调地址', method: 'POST', path: '/api/setCallback',
 *   envelope: 'data', params: z.object({...}), handler: (p, { services, tenant }) => services.callback.set(tenant, p) });
 */
export function defineRoute<S extends z.ZodObject>(def: RouteDef<S>): RouteDef<S> {
  return def;
}

// Routes of different parameter schemas live in one list; the pipeline only needs the erased shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any>;
