// The whole log output of a running process at debug level, through a flow that handles every kind of secret —
// passwords (right and wrong, JSON, form and query spellings), api_keys (JSON, query, `api_key[]=`, `;api_key=`),
// the access secret and its sign, console session tokens, a SIP line's password, push signing secrets and a signed
// push — never contains one of those values.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildApp } from '../../src/app/build.js';
import { loadConfig } from '../../src/config/config.js';
import { formatDateTime } from '../../src/lib/clock.js';
import { md5Hex } from '../../src/lib/hash.js';
import { SecretBox } from '../../src/lib/secret-box.js';
import { testDatabaseUrl } from '../support/test-db.js';

const CHILD = path.join(import.meta.dirname, '../support/api-process.ts');
const SECRET_KEY = randomBytes(32).toString('hex');

type Body = { code?: number; msg?: string; data?: Record<string, unknown> };

// The test's own app only creates the tenant (its access secret sealed with the child's key).
const dbUrl = await testDatabaseUrl();
const setup = buildApp({
  config: loadConfig({
    LOG_LEVEL: 'silent',
    ROLES: 'api',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-')),
  }),
  connectionString: dbUrl,
  secrets: SecretBox.fromText(SECRET_KEY),
});
after(() => setup.stop());
const creds = await setup.tenants.create({ name: '日志保密' });

// A push receiver on loopback: the signed push proves the signing secret was used during the run.
const pushes: IncomingHttpHeaders[] = [];
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    pushes.push(req.headers);
    res.end('{"code":0}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
after(() => receiver.close());
const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

let output = '';
const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
  env: {
    ...process.env,
    AICALL_API_DB: dbUrl,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-log-')),
    LOG_LEVEL: 'debug',
    ROLES: 'api,push,jobs',
    CALLBACK_ALLOWLIST: '127.0.0.0/8',
    SECRET_KEY,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
after(() => {
  child.kill('SIGKILL');
});
const base = await new Promise<string>((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`api process exited early (${code}): ${output}`)));
  const collect = (b: Buffer) => {
    output += b.toString('utf8');
    const m = /api ready (\S+)/.exec(output);
    if (m) resolve(m[1]!);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
});

async function send(
  p: string,
  init: { json?: unknown; form?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${base}${p}`, {
    method: 'POST',
    headers: {
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...init.headers,
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.form,
  });
  return { body: (await res.json()) as Body, cookies: res.headers.getSetCookie() };
}

describe('logs at debug level hold no secret', () => {
  const secrets = new Map<string, string>([
    ['password', creds.password],
    ['api_access_secret', creds.api_access_secret],
  ]);
  const sipPassword = `sip-${randomBytes(8).toString('hex')}`;
  secrets.set('SIP password', sipPassword);

  it('runs a flow handling every kind of secret', async () => {
    const e = encodeURIComponent;
    // Wrong and right passwords, in JSON, form and query spellings.
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    secrets.set('wrong password', wrong);
    assert.equal(
      (await send('/api/login', { json: { username: creds.user_name, password: wrong, from: '2' } })).body
        .code,
      20004,
    );
    const byJson = await send('/api/login', {
      json: { username: creds.user_name, password: creds.password, from: '2' },
    });
    assert.equal(byJson.body.code, 0, JSON.stringify(byJson.body));
    const form = `username=${e(creds.user_name)}&password%5B%5D=${e(creds.password)}&from=2`;
    await send('/api/login', { form });
    await send(`/api/login?username=${e(creds.user_name)};password=${e(creds.password)};from=2`);
    const byForm = await send('/api/login', {
      form: `username=${e(creds.user_name)}&password=${e(creds.password)}&from=2`,
    });
    assert.equal(byForm.body.code, 0, JSON.stringify(byForm.body));
    // The access id / secret form: its sign is derived from the secret.
    const timestamp = formatDateTime(new Date());
    const sign = md5Hex(creds.api_access_id + creds.api_access_secret + timestamp);
    secrets.set('sign', sign);
    const bySign = await send(
      `/api/login?api_access_id=${e(creds.api_access_id)}&from=1&timestamp=${e(timestamp)}&sign=${sign}`,
    );
    assert.equal(bySign.body.code, 0, JSON.stringify(bySign.body));

    const apiKey = String(bySign.body.data!.api_key);
    const userSn = String(bySign.body.data!.user_sn);
    secrets.set('api_key (password login)', String(byJson.body.data!.api_key));
    secrets.set('api_key (form login)', String(byForm.body.data!.api_key));
    secrets.set('api_key', apiKey);
    // The key in every spelling a client uses.
    const sn = e(userSn);
    assert.equal((await send(`/api/callTimeList?api_key=${apiKey}&user_sn=${sn}`)).body.code, 0);
    await send(`/api/callTimeList?api_key%5B%5D=${apiKey}&user_sn=${sn}`);
    await send(`/api/callTimeList?user_sn=${sn};api_key=${apiKey}`);
    await send('/api/callTimeList', { form: `api_key=${apiKey}&user_sn=${sn}` });
    const auth = { api_key: apiKey, user_sn: userSn };

    // A SIP line whose password is sealed.
    const line = await send('/ext/lines/create', {
      json: {
        ...auth,
        name: '保密线路',
        kind: 'sip',
        config: {
          host: '127.0.0.1',
          port: 5999,
          username: 'trunk',
          password: sipPassword,
          options_interval_s: 0,
        },
      },
    });
    assert.equal(line.body.code, 0, JSON.stringify(line.body));

    // Push settings: the signing secrets, one rotation, and a signed push to the receiver.
    const settings = await send('/ext/push/settings', { json: auth });
    const rotated = await send('/ext/push/secret/rotate', { json: { ...auth, overlap_hours: 1 } });
    assert.equal(rotated.body.code, 0, JSON.stringify(rotated.body));
    for (const view of [settings.body.data, rotated.body.data]) {
      for (const s of (view?.signing_secrets as { secret: string }[] | undefined) ?? []) {
        secrets.set(`push secret ${s.secret.slice(0, 4)}`, s.secret);
      }
    }
    assert.ok([...secrets.keys()].some((k) => k.startsWith('push secret')));
    const callback = await send('/api/setCallback', {
      json: { ...auth, open_callback: 1, callback_url: hook },
    });
    assert.equal(callback.body.code, 0, JSON.stringify(callback.body));
    assert.equal((await send('/api/pushTest', { json: auth })).body.code, 0);

    // The console's own session: its token and CSRF value are secrets too.
    const console = await send('/ext/console/sign-in', {
      json: { username: creds.user_name, password: creds.password },
    });
    assert.equal(console.body.code, 0, JSON.stringify(console.body));
    const cookies = console.cookies.map((c) => c.split(';')[0]!);
    for (const c of cookies) secrets.set(`cookie ${c.split('=')[0]}`, decodeURIComponent(c.split('=')[1]!));
    const csrf = secrets.get('cookie aicall_csrf') ?? '';
    await send('/ext/console/me', {
      json: {},
      headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf },
    });

    while (pushes.length === 0) await new Promise((r) => setTimeout(r, 50));
    assert.match(String(pushes[0]!['x-aicall-signature']), /v1=/);
  });

  it('the whole debug output holds none of them', async () => {
    child.kill('SIGTERM');
    await exited;
    // Per-request lines, written only at debug level, are there (so this is a debug-level run) …
    assert.match(output, /"msg":"incoming request"/);
    assert.match(output, /"url":"\/api\/login\?api_access_id=/);
    // … and no secret is in any of them.
    for (const [what, value] of secrets) {
      assert.ok(value.length >= 6, `${what} is too short to search for`);
      assert.ok(!output.includes(value), `${what} appears in the log output`);
    }
  });
});
