import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { openDatabase, type DbHandle } from '../db/database.js';
import { routes } from '../http/routes/index.js';
import { healthRoutes } from '../http/ext/health.js';
import { importSettingsPut } from '../http/ext/import-settings-put.js';
import { buildServer } from '../http/server.js';
import type { Services } from '../http/services.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { Metrics } from '../lib/metrics.js';
import type { SecretBox } from '../lib/secret-box.js';
import { AccountService } from '../services/account.service.js';
import { AuthService } from '../services/auth.service.js';
import { CallbackSettingsService } from '../services/callback-settings.service.js';
import { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import { RoleService } from '../services/role.service.js';
import { SkillGroupService } from '../services/skill-group.service.js';
import { JobRunner } from '../services/job-runner.js';
import { TenantService } from '../services/tenant.service.js';
import { wireImports } from './wire-imports.js';
import { pino } from 'pino';
import type { Logger } from '../lib/logger.js';
import { checkCallbackUrl } from './callback-url.js';

export interface AppDeps {
  readonly config: Config;
  readonly connectionString: string;
  readonly secrets: SecretBox;
  readonly clock?: Clock;
}

export interface App {
  readonly db: DbHandle;
  readonly services: Services;
  readonly tenants: TenantService;
  readonly metrics: Metrics;
  readonly jobs: JobRunner;
  readonly log: Logger;
  /** Builds (once) the HTTP server without listening: tests use `inject()`. */
  http(): Promise<FastifyInstance>;
  /** Starts the configured roles; resolves once listening. */
  start(): Promise<{ url?: string }>;
  stop(): Promise<void>;
}

/** The composition root: the only place that knows every implementation and wires them. */
export function buildApp(deps: AppDeps): App {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const db = openDatabase(deps.connectionString);
  const metrics = new Metrics();
  const log: Logger = pino({ level: config.logLevel });
  const jobs = new JobRunner(db, log.child({ role: 'jobs' }));
  const services: Services = {
    auth: new AuthService(db, deps.secrets, clock),
    account: new AccountService(db),
    role: new RoleService(db),
    skillGroup: new SkillGroupService(db),
    callingHours: new CallingHoursService(db),
    callback: new CallbackSettingsService(db, (url) => checkCallbackUrl(url, config.callbackAllowList)),
    ...wireImports({ config, db, clock, jobs, log }),
  };
  const tenants = new TenantService(db, deps.secrets);
  let server: Promise<FastifyInstance> | undefined;
  const http = () =>
    (server ??= buildServer({
      services,
      routes,
      extensions: [
        healthRoutes(async () => void (await db.pool.query('SELECT 1')), metrics),
        importSettingsPut,
      ],
      metrics,
      logLevel: config.logLevel,
      maxBodyBytes: config.maxBodyBytes,
      strictUrlCheck: config.strictUrlCheck,
      uploadDir: path.join(config.dataDir, 'uploads', 'tmp'),
    }));

  return {
    db,
    services,
    tenants,
    metrics,
    jobs,
    log,
    http,
    async start() {
      if (config.roles.includes('jobs')) jobs.start();
      if (!config.roles.includes('api')) return {};
      const app = await http();
      const url = await app.listen({ port: config.port, host: config.host });
      return { url };
    },
    async stop() {
      await jobs.stop();
      if (server) await (await server).close();
      await db.close();
    },
  };
}
