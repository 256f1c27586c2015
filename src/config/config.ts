import path from 'node:path';
import { z } from 'zod';
import { parseAllowList } from '../lib/ip-range.js';

/** Every environment variable aicall reads, validated once at start (the only reader of process.env). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  /** Port of the embedded PostgreSQL when DATABASE_URL is unset. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public base URL printed in the start banner and used in docs links. */
  PUBLIC_URL: z.string().url().optional(),
  /** 32-byte key (hex or base64) that encrypts stored api_access_secret values; generated into DATA_DIR when unset. */
  SECRET_KEY: z.string().optional(),
  /** When "true", every authenticated call must carry a valid `url` anti-hijack string (§1.5). */
  STRICT_URL_CHECK: z.enum(['true', 'false']).default('false'),
  /** Largest accepted request body (JSON or upload), bytes. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** Hosts or CIDRs that callbacks may reach although private (on-premise receivers, tests). */
  CALLBACK_ALLOWLIST: z.string().default(''),
  /** Push delivery: concurrent requests per receiver host, events held per worker, lease, per-attempt deadline. */
  PUSH_PER_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(16),
  PUSH_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(2000),
  PUSH_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  PUSH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Roles this process runs: api, dialer, push, jobs. */
  ROLES: z.string().default('api,dialer,push,jobs'),
  /** New tasks a team may create per day (§5.7.2: 100). */
  TASKS_PER_DAY: z.coerce.number().int().positive().default(100),
  /** Largest accepted import file (5.7.1, 5.8.1, 8.4), bytes; uploads are also capped by MAX_BODY_BYTES. */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** Rows an import commits per transaction (its checkpoint granularity). */
  IMPORT_CHUNK_ROWS: z.coerce.number().int().min(100).max(200_000).default(20_000),
  /** Number-detection vendor endpoint (空号检测); unset = built-in detection only. */
  NUMBER_DETECTION_URL: z.string().url().optional(),
  /** Skip creating the demo tenant on first start. */
  NO_DEMO: z.enum(['true', 'false']).default('false'),
  /** Path of the 7.4 script-test websocket on the API port. */
  SCRIPT_TEST_WS_PATH: z
    .string()
    .regex(/^\/\S*$/)
    .default('/ws/script-test'),
  /** Also serve the 7.4 websocket on its own port (the reference uses 9502, path `/`); unset = API port only. */
  SCRIPT_TEST_WS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Minutes a console session may stay unused before it must sign in again. */
  CONSOLE_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(7 * 24 * 60)
    .default(30),
  /** Folder of the built console (index.html + assets); unset = console/dist beside the package. */
  CONSOLE_DIR: z.string().min(1).optional(),
});

export type Role = 'api' | 'dialer' | 'push' | 'jobs';
const ROLE_NAMES: readonly Role[] = ['api', 'dialer', 'push', 'jobs'];

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly embeddedPgPort: number;
  readonly logLevel: string;
  readonly publicUrl: string | undefined;
  readonly secretKey: string | undefined;
  readonly strictUrlCheck: boolean;
  readonly maxBodyBytes: number;
  readonly callbackAllowList: string;
  readonly push: {
    readonly perHostConcurrency: number;
    readonly maxInFlight: number;
    readonly leaseMs: number;
    readonly timeoutMs: number;
  };
  readonly roles: readonly Role[];
  readonly tasksPerDay: number;
  readonly importMaxBytes: number;
  readonly importChunkRows: number;
  readonly numberDetectionUrl: string | undefined;
  readonly demo: boolean;
  readonly scriptTestWsPath: string;
  readonly scriptTestWsPort: number | undefined;
  readonly consoleIdleMs: number;
  readonly consoleDir: string | undefined;
}

/**
 * Reads and validates the environment; throws one error listing every bad variable.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment variables: ${problems}`);
  }
  const e = parsed.data;
  const roles = e.ROLES.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const badHosts = parseAllowList(e.CALLBACK_ALLOWLIST).invalid;
  if (badHosts.length > 0) {
    throw new Error(
      `Invalid environment variables: CALLBACK_ALLOWLIST: not a host or CIDR: ${badHosts.join(', ')}`,
    );
  }
  const unknown = roles.filter((r) => !ROLE_NAMES.includes(r as Role));
  if (unknown.length > 0) {
    throw new Error(`Invalid environment variables: ROLES: unknown role(s) ${unknown.join(', ')}`);
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    secretKey: e.SECRET_KEY,
    strictUrlCheck: e.STRICT_URL_CHECK === 'true',
    maxBodyBytes: e.MAX_BODY_BYTES,
    callbackAllowList: e.CALLBACK_ALLOWLIST,
    push: Object.freeze({
      perHostConcurrency: e.PUSH_PER_HOST_CONCURRENCY,
      maxInFlight: e.PUSH_MAX_IN_FLIGHT,
      leaseMs: Math.round(e.PUSH_LEASE_SECONDS * 1000),
      timeoutMs: e.PUSH_TIMEOUT_MS,
    }),
    roles: Object.freeze(roles as Role[]),
    tasksPerDay: e.TASKS_PER_DAY,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    importChunkRows: e.IMPORT_CHUNK_ROWS,
    numberDetectionUrl: e.NUMBER_DETECTION_URL,
    demo: e.NO_DEMO !== 'true',
    scriptTestWsPath: e.SCRIPT_TEST_WS_PATH,
    scriptTestWsPort: e.SCRIPT_TEST_WS_PORT,
    consoleIdleMs: Math.round(e.CONSOLE_IDLE_MINUTES * 60_000),
    consoleDir: e.CONSOLE_DIR === undefined ? undefined : path.resolve(e.CONSOLE_DIR),
  });
}
