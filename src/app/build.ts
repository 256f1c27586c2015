import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { openDatabase, type DbHandle } from '../db/database.js';
import { routes } from '../http/routes/index.js';
import { extPlugins } from '../http/routes/ext/index.js';
import { startScriptTestServer } from '../http/routes/ext/script-test-ws.js';
import { consoleStatic } from '../http/routes/ext/console-static.js';
import { CONSOLE_DIST } from './console-build.js';
import { buildServer } from '../http/server.js';
import type { Services } from '../http/services.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { Metrics } from '../lib/metrics.js';
import type { SecretBox } from '../lib/secret-box.js';
import { AccountService } from '../services/account.service.js';
import { AnalyticsService } from '../services/analytics/analytics.service.js';
import { CallRecordService } from '../services/call-record/call-record.service.js';
import { RecordingService } from '../services/call-record/recording.service.js';
import { RecordingRetentionService } from '../services/call-record/recording-retention.service.js';
import { ConsoleSessionService } from '../services/console-session.service.js';
import { ConsoleStatsService } from '../services/console-stats.service.js';
import { ImportPreviewService } from '../services/import/import-preview.service.js';
import { AuthService } from '../services/auth.service.js';
import { CallbackSettingsService } from '../services/callback-settings.service.js';
import { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import { RoleService } from '../services/role.service.js';
import { SkillGroupService } from '../services/skill-group.service.js';
import { FailRecallService } from '../services/task/fail-recall.service.js';
import { TaskCancelService } from '../services/task/task-cancel.service.js';
import { TaskLifecycleService } from '../services/task/task-lifecycle.service.js';
import { TaskManageService } from '../services/task/task-manage.service.js';
import { JobRunner } from '../services/job-runner.js';
import { ScriptTemplateService } from '../services/script/script-template.service.js';
import { ScriptTestService } from '../services/script/script-test.service.js';
import { ScriptService } from '../services/script/script.service.js';
import { TenantService } from '../services/tenant.service.js';
import { createImportServices } from './wire-imports.js';
import { AutoGiveUp } from '../services/customer/auto-give-up.js';
import { PeriodicPass } from '../lib/periodic-pass.js';
import { CustomerFollowService } from '../services/customer/customer-follow.service.js';
import { CustomerPoolService } from '../services/customer/customer-pool.service.js';
import { pino } from 'pino';
import type { Logger } from '../lib/logger.js';
import { validateCallbackUrl } from '../clients/callback/callback-url.js';
import { parseAllowList } from '../lib/ip-range.js';
import { createPushModule, type PushModule } from './push-wiring.js';
import { wireDialer } from './dialer-wiring.js';
import type { Dialer, DialerOptions } from '../dialer/dialer.js';
import { systemTimers, type Timers } from '../lib/virtual-clock.js';

export interface AppDeps {
  readonly config: Config;
  readonly connectionString: string;
  readonly secrets: SecretBox;
  readonly clock?: Clock;
  /** Timers of the dialer and the simulator lines; default: `clock` if it is a Timers (VirtualClock), else real time. */
  readonly timers?: Timers;
  readonly dialer?: DialerOptions;
}

export interface App {
  readonly db: DbHandle;
  readonly services: Services;
  readonly tenants: TenantService;
  readonly metrics: Metrics;
  readonly jobs: JobRunner;
  /** Push delivery worker and services (tests drive `push.worker` directly). */
  readonly push: PushModule;
  readonly dialer: Dialer;
  /** The automatic give-up rule of the customer pools (tests run a pass on their virtual clock). */
  readonly autoGiveUp: AutoGiveUp;
  readonly log: Logger;
  /** Builds (once) the HTTP server without listening: tests use `inject()`. */
  http(): Promise<FastifyInstance>;
  /** Starts the configured roles; resolves once listening. */
  start(): Promise<{ url?: string; scriptTestUrl?: string }>;
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that decides which objects exist, connects them (job handlers, tenant
 * seeders, the HTTP extensions) and in which order the roles start and stop. The factories it calls
 * (`wire-imports.ts`, `dialer-wiring.ts`, `sip-wiring.ts`, `push-wiring.ts`) only build.
 */
export function buildApp(deps: AppDeps): App {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const db = openDatabase(deps.connectionString);
  const metrics = new Metrics();
  const log: Logger = pino({ level: config.logLevel });
  const jobs = new JobRunner(db, log.child({ role: 'jobs' }));
  const taskLifecycle = new TaskLifecycleService(db, clock);
  const failRecall = new FailRecallService(db, clock, taskLifecycle);
  const script = new ScriptService(db, clock);
  const { allowList } = parseAllowList(config.callbackAllowList);
  const checkCallbackUrl = (url: string): string | undefined => {
    const verdict = validateCallbackUrl(url, allowList);
    return verdict.ok ? undefined : verdict.reason;
  };
  // The push worker's own small pool, committing asynchronously (see PushModuleDeps.workerStore).
  const pushDb = openDatabase(withStartupOptions(deps.connectionString, '-c synchronous_commit=off'), 4);
  const push = createPushModule({
    store: db,
    workerStore: pushDb,
    secretBox: deps.secrets,
    allowList,
    log: log.child({ role: 'push' }),
    clock,
    perHostConcurrency: config.push.perHostConcurrency,
    timeoutMs: config.push.timeoutMs,
    worker: { maxInFlight: config.push.maxInFlight, leaseMs: config.push.leaseMs },
  });
  const callingHours = new CallingHoursService(db);
  const tenants = new TenantService(db, deps.secrets);
  const timers = deps.timers ?? ('setTimer' in clock ? (clock as Timers) : systemTimers);
  const dial = wireDialer({
    db,
    clock,
    timers,
    log,
    callingHours,
    taskLifecycle,
    options: deps.dialer,
    config,
    secrets: deps.secrets,
  });
  const { importRunner, ...imports } = createImportServices({ config, db, clock, log, taskLifecycle });
  const auth = new AuthService(db, deps.secrets, clock);
  const services: Services = {
    auth,
    consoleSession: new ConsoleSessionService(db, auth, clock, config.consoleIdleMs),
    consoleStats: new ConsoleStatsService(db, clock),
    importPreview: new ImportPreviewService(db, config.importMaxBytes),
    account: new AccountService(db),
    role: new RoleService(db),
    skillGroup: new SkillGroupService(db),
    callingHours,
    callback: new CallbackSettingsService(db, checkCallbackUrl),
    taskLifecycle,
    taskManage: new TaskManageService(db, clock, taskLifecycle, failRecall),
    taskCancel: new TaskCancelService(db, clock, taskLifecycle),
    failRecall,
    script,
    scriptTemplates: new ScriptTemplateService(db),
    scriptTest: new ScriptTestService(script, clock),
    callRecord: new CallRecordService(db, clock),
    recording: new RecordingService(config.recordingsDir),
    recordingRetention: new RecordingRetentionService(
      db,
      clock,
      config.recordingsDir,
      config.recordingRetentionDays,
      log.child({ role: 'recordings' }),
    ),
    analytics: new AnalyticsService(db, clock, checkCallbackUrl, log.child({ role: 'analytics' })),
    pushLog: push.log,
    pushSettings: push.settings,
    pushTest: push.test,
    lines: dial.lines,
    dialerLive: dial.live,
    demo: dial.demo,
    ...imports,
    customerPools: new CustomerPoolService(db, clock, { importMaxBytes: config.importMaxBytes }),
    customerFollow: new CustomerFollowService(db, clock),
  };
  const autoGiveUp = new AutoGiveUp(db, clock);
  const autoGiveUpLoop = new PeriodicPass({
    pass: () => autoGiveUp.runDue(),
    handled: 'customers given up automatically',
    everyMs: 5 * 60_000,
    timers,
    log: log.child({ role: 'customers' }),
  });
  // Analytics intervals are whole minutes: a pass a minute finds every team that is due.
  const analytics = new PeriodicPass({
    pass: () => services.analytics.pushDue(),
    handled: 'analytics pushes queued',
    everyMs: 60_000,
    timers: systemTimers,
    log: log.child({ role: 'analytics' }),
  });
  const retentionLoop = new PeriodicPass({
    pass: () => services.recordingRetention.sweep(),
    handled: 'recordings deleted (retention)',
    everyMs: 60 * 60_000,
    timers: systemTimers,
    log: log.child({ role: 'recordings' }),
  });
  jobs.register('task.import', (job) => importRunner.handle(job));
  jobs.register('task.schedule', (job) => imports.taskCreate.runScheduled(job));
  tenants.addSeeder((trx) => dial.lines.seedSandbox(trx));
  tenants.addSeeder((trx, ctx) => script.seedTemplates(trx, ctx));
  let scriptTestServer: { url: string; close: () => Promise<void> } | undefined;
  let server: Promise<FastifyInstance> | undefined;
  const http = () =>
    (server ??= buildServer({
      services,
      routes,
      extensions: [
        ...extPlugins({
          services,
          ping: async () => void (await db.pool.query('SELECT 1')),
          metrics,
          scriptTestWsPaths: [config.scriptTestWsPath],
        }),
        consoleStatic(config.consoleDir ?? CONSOLE_DIST),
      ],
      metrics,
      logLevel: config.logLevel,
      maxBodyBytes: config.maxBodyBytes,
      anonMaxBodyBytes: config.anonMaxBodyBytes,
      maxInflightBodyBytes: config.maxInflightBodyBytes,
      strictUrlCheck: config.strictUrlCheck,
      uploadDir: path.join(config.dataDir, 'uploads', 'tmp'),
    }));

  return {
    db,
    services,
    tenants,
    metrics,
    jobs,
    push,
    dialer: dial.dialer,
    autoGiveUp,
    log,
    http,
    async start() {
      if (config.roles.includes('jobs')) jobs.start();
      if (config.roles.includes('jobs')) analytics.start();
      if (config.roles.includes('jobs')) autoGiveUpLoop.start();
      if (config.roles.includes('jobs')) retentionLoop.start();
      if (config.roles.includes('push')) push.worker.start();
      if (config.roles.includes('dialer')) dial.dialer.start();
      if (!config.roles.includes('api')) return {};
      const app = await http();
      const url = await app.listen({ port: config.port, host: config.host });
      if (config.scriptTestWsPort !== undefined) {
        const wsOpts = { host: config.host, port: config.scriptTestWsPort, path: config.scriptTestWsPath };
        scriptTestServer = await startScriptTestServer(services, { ...wsOpts, logLevel: config.logLevel });
      }
      return { url, scriptTestUrl: scriptTestServer?.url };
    },
    async stop() {
      await dial.dialer.stop();
      await jobs.stop();
      await scriptTestServer?.close();
      await analytics.stop();
      await autoGiveUpLoop.stop();
      await retentionLoop.stop();
      if (server) await (await server).close();
      await push.worker.stop();
      await push.sender.close();
      await pushDb.close();
      await db.close();
    },
  };
}

/** The connection string with PostgreSQL startup options added (e.g. `-c synchronous_commit=off`). */
function withStartupOptions(connectionString: string, options: string): string {
  const url = new URL(connectionString);
  const current = url.searchParams.get('options');
  url.searchParams.set('options', current ? `${current} ${options}` : options);
  return url.toString();
}
