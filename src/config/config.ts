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
  /** Largest body read before the caller is authenticated (login, anonymous calls, multipart fields), bytes. */
  ANON_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Bytes of request bodies held in memory at once across all requests; beyond it bodies are refused (429). */
  MAX_INFLIGHT_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
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
  /** Import sources of at least this many bytes are parsed in a worker thread (0 = always). */
  IMPORT_PARSE_THREAD_MIN_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(8 * 1024 * 1024),
  /** Number-detection vendor endpoint (空号检测); unset = built-in detection only. */
  NUMBER_DETECTION_URL: z.string().url().optional(),
  /**
   * Optional reply classifier for replies the robot's rules cannot place: an OpenAI-compatible API base
   * (…/v1, e.g. a local vLLM or Ollama server), the model name, an API key, and the per-reply deadline.
   */
  ROBOT_MODEL_URL: z.string().url().optional(),
  ROBOT_MODEL_NAME: z.string().min(1).default('qwen2.5:7b-instruct'),
  ROBOT_MODEL_KEY: z.string().optional(),
  ROBOT_MODEL_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(800),
  /** Skip creating the demo tenant on first start. */
  NO_DEMO: z.enum(['true', 'false']).default('false'),
  /** Path of the 7.4 script-test websocket on the API port. */
  SCRIPT_TEST_WS_PATH: z
    .string()
    .regex(/^\/\S*$/)
    .default('/ws/script-test'),
  /** Also serve the 7.4 websocket on its own port (the reference uses 9502, path `/`); unset = API port only. */
  SCRIPT_TEST_WS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** SIP/RTP: address written into SDP/Contact behind NAT (default: the local address towards each trunk). */
  SIP_PUBLIC_ADDRESS: z.union([z.ipv4(), z.ipv6()]).optional(),
  /** Local address SIP and RTP sockets bind to. */
  SIP_BIND_ADDRESS: z.union([z.ipv4(), z.ipv6()]).default('0.0.0.0'),
  /** RTP port range (one even port per call). */
  RTP_PORT_MIN: z.coerce.number().int().min(1024).max(65534).default(20000),
  RTP_PORT_MAX: z.coerce.number().int().min(1025).max(65535).default(29999),
  /**
   * SIP timer T1 (RFC 3261 §17): UDP retransmissions start at T1, a request unanswered for 64×T1 times out
   * (an OPTIONS keep-alive miss, an INVITE to a dead trunk). 500 ms by the RFC; lower on a LAN-only trunk.
   */
  SIP_T1_MS: z.coerce.number().int().min(10).max(5000).default(500),
  /**
   * Longest answered call, in seconds: a call still up after this long (a far end that never hangs up, a stuck
   * conversation) is hung up by the dialer (BYE), `hangup_by` = system, the limit noted in the record's details.
   */
  MAX_TALK_S: z.coerce.number().int().min(1).max(86_400).default(1800),
  /** Days a call recording (and its per-turn segments) is kept; 0 = forever. A team's own setting overrides it. */
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  /** Text-to-speech for SIP calls: `espeak` (built in) or `http` (OpenAI-compatible /v1/audio/speech). */
  TTS_PROVIDER: z.enum(['espeak', 'http']).default('espeak'),
  /** espeak-ng voice; `cmn-latn-pinyin` reads Chinese characters in Mandarin (see docs/architecture.md, Speech). */
  TTS_ESPEAK_VOICE: z
    .string()
    .regex(/^[\w+-]+$/)
    .default('cmn-latn-pinyin'),
  TTS_HTTP_URL: z.string().url().optional(),
  TTS_HTTP_MODEL: z.string().default('tts-1'),
  TTS_HTTP_VOICE: z.string().default('alloy'),
  TTS_HTTP_API_KEY: z.string().optional(),
  TTS_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
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
  /** `DATA_DIR/recordings`: one directory per team (written by the dialer, served by 6.2/6.3). */
  readonly recordingsDir: string;
  readonly recordingRetentionDays: number;
  /** Longest answered call (ms) before the dialer hangs it up itself. */
  readonly maxTalkMs: number;
  readonly databaseUrl: string | undefined;
  readonly embeddedPgPort: number;
  readonly logLevel: string;
  readonly publicUrl: string | undefined;
  readonly secretKey: string | undefined;
  readonly strictUrlCheck: boolean;
  readonly maxBodyBytes: number;
  readonly anonMaxBodyBytes: number;
  readonly maxInflightBodyBytes: number;
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
  readonly importParseThreadMinBytes: number;
  readonly numberDetectionUrl: string | undefined;
  /** Reply classifier endpoint (ROBOT_MODEL_*); undefined = rules only. */
  readonly replyModel: { url: string; model: string; apiKey?: string; timeoutMs: number } | undefined;
  readonly demo: boolean;
  readonly scriptTestWsPath: string;
  readonly scriptTestWsPort: number | undefined;
  readonly telephony: {
    readonly publicAddress: string | undefined;
    readonly bindAddress: string;
    readonly rtpPortMin: number;
    readonly rtpPortMax: number;
    readonly t1Ms: number;
  };
  readonly tts: {
    readonly provider: 'espeak' | 'http';
    readonly espeakVoice: string;
    readonly httpUrl: string | undefined;
    readonly httpModel: string;
    readonly httpVoice: string;
    readonly httpApiKey: string | undefined;
    readonly httpTimeoutMs: number;
  };
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
  if (e.RTP_PORT_MIN >= e.RTP_PORT_MAX) {
    throw new Error('Invalid environment variables: RTP_PORT_MIN must be below RTP_PORT_MAX');
  }
  const unknown = roles.filter((r) => !ROLE_NAMES.includes(r as Role));
  if (unknown.length > 0) {
    throw new Error(`Invalid environment variables: ROLES: unknown role(s) ${unknown.join(', ')}`);
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    recordingsDir: path.join(path.resolve(e.DATA_DIR), 'recordings'),
    recordingRetentionDays: e.RECORDING_RETENTION_DAYS,
    maxTalkMs: e.MAX_TALK_S * 1000,
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    secretKey: e.SECRET_KEY,
    strictUrlCheck: e.STRICT_URL_CHECK === 'true',
    maxBodyBytes: e.MAX_BODY_BYTES,
    anonMaxBodyBytes: Math.min(e.ANON_MAX_BODY_BYTES, e.MAX_BODY_BYTES),
    maxInflightBodyBytes: e.MAX_INFLIGHT_BODY_BYTES,
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
    importParseThreadMinBytes: e.IMPORT_PARSE_THREAD_MIN_BYTES,
    numberDetectionUrl: e.NUMBER_DETECTION_URL,
    replyModel: e.ROBOT_MODEL_URL
      ? {
          url: e.ROBOT_MODEL_URL,
          model: e.ROBOT_MODEL_NAME,
          ...(e.ROBOT_MODEL_KEY ? { apiKey: e.ROBOT_MODEL_KEY } : {}),
          timeoutMs: e.ROBOT_MODEL_TIMEOUT_MS,
        }
      : undefined,
    demo: e.NO_DEMO !== 'true',
    scriptTestWsPath: e.SCRIPT_TEST_WS_PATH,
    scriptTestWsPort: e.SCRIPT_TEST_WS_PORT,
    telephony: Object.freeze({
      publicAddress: e.SIP_PUBLIC_ADDRESS,
      bindAddress: e.SIP_BIND_ADDRESS,
      rtpPortMin: e.RTP_PORT_MIN,
      rtpPortMax: e.RTP_PORT_MAX,
      t1Ms: e.SIP_T1_MS,
    }),
    tts: Object.freeze({
      provider: e.TTS_PROVIDER,
      espeakVoice: e.TTS_ESPEAK_VOICE,
      httpUrl: e.TTS_HTTP_URL,
      httpModel: e.TTS_HTTP_MODEL,
      httpVoice: e.TTS_HTTP_VOICE,
      httpApiKey: e.TTS_HTTP_API_KEY,
      httpTimeoutMs: e.TTS_HTTP_TIMEOUT_MS,
    }),
    consoleIdleMs: Math.round(e.CONSOLE_IDLE_MINUTES * 60_000),
    consoleDir: e.CONSOLE_DIR === undefined ? undefined : path.resolve(e.CONSOLE_DIR),
  });
}
