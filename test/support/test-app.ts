import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, type App } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import type { Clock } from '../../src/lib/clock.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseUrl } from './test-db.js';

export interface TestApp {
  readonly app: App;
  readonly http: FastifyInstance;
  readonly dataDir: string;
}

/** The whole application on a private database, ready for `http.inject()`; closed when the file ends. */
export async function buildTestApp(env: Record<string, string> = {}, clock?: Clock): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aicall-test-data-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    CALLBACK_ALLOWLIST: '127.0.0.0/8',
    ...env,
  });
  const app = buildApp({
    config,
    connectionString: await testDatabaseUrl(),
    secrets: new SecretBox(randomBytes(32)),
    clock,
  });
  const http = await app.http();
  after(() => app.stop());
  return { app, http, dataDir };
}

export interface Session {
  readonly api_key: string;
  readonly user_sn: string;
  readonly user_name: string;
  readonly password: string;
  readonly api_access_id: string;
  readonly api_access_secret: string;
}

/** Creates a tenant and logs in with user name and password. */
export async function newTenant(t: TestApp, name = '测试租户'): Promise<Session> {
  const creds = await t.app.tenants.create({ name });
  const res = await t.http.inject({
    method: 'POST',
    url: '/api/login',
    payload: { username: creds.user_name, password: creds.password, from: '2' },
  });
  const body = res.json<{ data: { api_key: string; user_sn: string } }>();
  return { ...creds, api_key: body.data.api_key, user_sn: body.data.user_sn };
}

/** POSTs JSON with the session's public params merged in first (the order clients use). */
export async function call<T = Record<string, unknown>>(
  t: TestApp,
  s: Pick<Session, 'api_key' | 'user_sn'> | null,
  url: string,
  params: Record<string, unknown> = {},
): Promise<T> {
  const payload = s ? { api_key: s.api_key, user_sn: s.user_sn, ...params } : params;
  const res = await t.http.inject({ method: 'POST', url, payload });
  return res.json<T>();
}
