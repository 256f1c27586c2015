// Two API processes on one database, each caching authentication: a key replaced by a login on one process, or
// deleted behind both processes' backs, is refused by the other at once — on the very next request, not after a
// cache lifetime.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { ErrorCode } from '../../src/lib/app-error.js';
import { THROTTLE_POLICIES } from '../../src/services/auth-throttle.js';
import { tokenHash } from '../../src/lib/token.js';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { startApiProcess } from '../support/api-process-child.js';
import { testDatabaseUrl } from '../support/test-db.js';

const startApi = (db: string) =>
  startApiProcess(db, { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-api-')) });

async function post(url: string, p: string, body: Record<string, unknown>) {
  const res = await fetch(`${url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { code?: number; data: Record<string, unknown> };
}

// The test's own app only creates the tenant; the two API processes share its database.
const dbUrl = await testDatabaseUrl();
const app = buildApp({
  config: loadConfig({
    LOG_LEVEL: 'silent',
    ROLES: 'api',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-')),
  }),
  connectionString: dbUrl,
  secrets: new SecretBox(randomBytes(32)),
});
after(() => app.stop());
const creds = await app.tenants.create({ name: '双进程' });
const [a, b] = await Promise.all([startApi(dbUrl), startApi(dbUrl)]);
after(() => {
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
});

void describe('authentication cached in two processes', () => {
  const login = async (url: string) => {
    const r = await post(url, '/api/login', { username: creds.user_name, password: creds.password, from: 2 });
    assert.equal(r.code, 0);
    return { api_key: String(r.data.api_key), user_sn: String(r.data.user_sn) };
  };
  /** 2.1.1 answers `{total, data}` without a code on success. */
  const list = async (url: string, s: { api_key: string; user_sn: string }) => {
    const r = await post(url, '/api/aiUserDatasapi', { ...s, pageIndex: 0, pageSize: 5 });
    return { code: r.code ?? 0 };
  };

  void it('refuses a key replaced by a login on the other process on the very next request', async () => {
    let old = await login(a.url);
    // Each round presents a stale key twice from 127.0.0.1; eight rounds stay below the per-address allowance of
    // failed keys (THROTTLE_POLICIES['key-address'].free), so every refusal here is the cache's, not the throttle's.
    const rounds = 8;
    assert.ok(rounds * 2 + 2 < THROTTLE_POLICIES['key-address'].free);
    for (let round = 0; round < rounds; round++) {
      // Both processes have the key cached (and keep answering from the cache).
      assert.equal((await list(b.url, old)).code, 0);
      assert.equal((await list(a.url, old)).code, 0);
      assert.equal((await list(b.url, old)).code, 0);
      const fresh = await login(round % 2 === 0 ? a.url : b.url);
      assert.equal((await list(b.url, old)).code, ErrorCode.ApiKeyInvalid, `round ${round}: process B`);
      assert.equal((await list(a.url, old)).code, ErrorCode.ApiKeyInvalid, `round ${round}: process A`);
      assert.equal((await list(b.url, fresh)).code, 0);
      old = fresh;
    }
  });

  void it('refuses a key deleted by hand in the database, whoever deleted it', async () => {
    const s = await login(a.url);
    assert.equal((await list(a.url, s)).code, 0);
    assert.equal((await list(b.url, s)).code, 0);
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    try {
      await admin.query('DELETE FROM api_keys WHERE key_hash = $1', [tokenHash(s.api_key)]);
    } finally {
      await admin.end();
    }
    assert.equal((await list(a.url, s)).code, ErrorCode.ApiKeyInvalid);
    assert.equal((await list(b.url, s)).code, ErrorCode.ApiKeyInvalid);
  });
});
