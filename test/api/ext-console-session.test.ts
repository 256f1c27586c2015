// The operator console's own session (/ext/console/*): cookies a page script cannot read and another site
// cannot send, the CSRF double submit, idle expiry on the platform's clock, sign-out, and that none of it
// touches the api_key an integration uses on the same account.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FixedClock } from '../support/fixed-clock.js';
import { buildTestApp, call, newTenant, type TestApp } from '../support/test-app.js';

type Body<T = unknown> = { code: number; msg: string; data: T };
interface Me {
  user_name: string;
  is_main: boolean;
  permissions: string[] | null;
  idle_minutes: number;
}

const IDLE_MINUTES = 30;
const MINUTE = 60_000;

function cookiesOf(setCookie: string | string[] | undefined): Map<string, string> {
  const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l]));
}

function valueOf(line: string | undefined): string {
  return decodeURIComponent(/^[^=]+=([^;]*)/.exec(line ?? '')?.[1] ?? '');
}

async function signIn(t: TestApp, username: string, password: string) {
  const res = await t.http.inject({
    method: 'POST',
    url: '/ext/console/sign-in',
    payload: { username, password },
  });
  const cookies = cookiesOf(res.headers['set-cookie']);
  return {
    body: res.json<Body<Me>>(),
    raw: res.body,
    cookies,
    token: valueOf(cookies.get('aicall_session')),
    csrf: valueOf(cookies.get('aicall_csrf')),
  };
}

/** A console request as the browser sends it: the session cookie, and the CSRF header when given. */
async function consoleCall<T = unknown>(
  t: TestApp,
  url: string,
  s: { token: string; csrf?: string },
  payload: Record<string, unknown> = {},
) {
  const res = await t.http.inject({
    method: 'POST',
    url,
    payload,
    headers: {
      cookie: `aicall_session=${encodeURIComponent(s.token)}; aicall_csrf=${encodeURIComponent(s.csrf ?? '')}`,
      ...(s.csrf === undefined ? {} : { 'x-csrf-token': s.csrf }),
    },
  });
  return { body: res.json<Body<T>>(), cookies: cookiesOf(res.headers['set-cookie']) };
}

describe('ext: the console session', async () => {
  const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
  const t = await buildTestApp({ CONSOLE_IDLE_MINUTES: String(IDLE_MINUTES) }, clock);
  const s = await newTenant(t, '控制台会话');

  it('refuses a wrong password with a Chinese message and sets no cookie', async () => {
    const r = await signIn(t, s.user_name, 'not-the-password');
    assert.equal(r.body.code, 20004);
    assert.equal(r.body.msg, '用户名或密码错误');
    assert.equal(r.cookies.size, 0);
  });

  it('keeps the session in an HttpOnly SameSite=Strict cookie, the CSRF token readable, neither in the body', async () => {
    const r = await signIn(t, s.user_name, s.password);
    assert.equal(r.body.code, 0, JSON.stringify(r.body));
    assert.equal(r.body.data.user_name, s.user_name);
    assert.equal(r.body.data.is_main, true);
    assert.equal(r.body.data.idle_minutes, IDLE_MINUTES);
    const session = r.cookies.get('aicall_session') ?? '';
    const csrf = r.cookies.get('aicall_csrf') ?? '';
    assert.match(session, /;\s*HttpOnly/);
    assert.match(session, /;\s*SameSite=Strict/);
    assert.match(session, /;\s*Path=\//);
    assert.doesNotMatch(csrf, /HttpOnly/, 'the console script echoes the CSRF token, so it must read it');
    assert.match(csrf, /;\s*SameSite=Strict/);
    assert.ok(r.token.length >= 40 && r.csrf.length >= 40);
    assert.notEqual(r.token, r.csrf);
    assert.ok(!r.raw.includes(r.token) && !r.raw.includes(r.csrf), 'no token in the response body');
  });

  it('refuses a request carrying the cookie without the CSRF header, or with another one', async () => {
    const r = await signIn(t, s.user_name, s.password);
    const missing = await consoleCall(t, '/api/index', { token: r.token });
    assert.equal(missing.body.code, 20005);
    const other = await signIn(t, s.user_name, s.password);
    const crossed = await consoleCall(t, '/api/index', { token: r.token, csrf: other.csrf });
    assert.equal(crossed.body.code, 20005);
    assert.match(crossed.body.msg, /CSRF/);
    const right = await consoleCall(t, '/api/index', { token: r.token, csrf: r.csrf });
    assert.equal(right.body.code, 0, JSON.stringify(right.body));
  });

  it('stays signed in while used, and expires after the idle limit without a request', async () => {
    const r = await signIn(t, s.user_name, s.password);
    // Used every 20 minutes for an hour: never idle for 30.
    for (let i = 0; i < 3; i += 1) {
      clock.advance(20 * MINUTE);
      const me = await consoleCall<Me>(t, '/ext/console/me', r);
      assert.equal(me.body.code, 0, `still signed in after ${(i + 1) * 20} minutes of use`);
    }
    clock.advance((IDLE_MINUTES + 1) * MINUTE);
    const expired = await consoleCall(t, '/ext/console/me', r);
    assert.equal(expired.body.code, 20006);
    assert.equal(expired.body.msg, '登录已过期,请重新登录');
    // Expired for good: going back in time does not revive it, and every later request gives the same reason.
    clock.advance(-(IDLE_MINUTES + 1) * MINUTE);
    const again = await consoleCall(t, '/ext/console/me', r);
    assert.equal(again.body.code, 20006);
    assert.equal(again.body.msg, '登录已过期,请重新登录');
  });

  it('signs out: the session ends and its cookies are cleared; the api_key keeps working', async () => {
    const r = await signIn(t, s.user_name, s.password);
    const out = await consoleCall(t, '/ext/console/sign-out', r);
    assert.equal(out.body.code, 0);
    assert.match(out.cookies.get('aicall_session') ?? '', /Max-Age=0/);
    assert.match(out.cookies.get('aicall_csrf') ?? '', /Max-Age=0/);
    const after = await consoleCall(t, '/api/index', r);
    assert.equal(after.body.code, 20005);
    // The api_key issued by 1.3 before all these console sign-ins and sign-outs is still valid.
    const list = await call<Body>(t, s, '/api/index');
    assert.equal(list.code, 0, JSON.stringify(list));
  });

  it('a sub-account session is refused what its role lacks, and allowed what it holds', async () => {
    const role = await call<Body<{ id: number }>>(t, s, '/api/doRoleaddapi', {
      name: '只看记录',
      permission: [300, 301],
    });
    assert.equal(role.code, 0, JSON.stringify(role));
    const sub = await call<Body>(t, s, '/api/aiUserSaveapi', {
      user_name: 'records_only',
      contact: '质检',
      password: 'records-pass-1',
      re_password: 'records-pass-1',
      role_id: role.data.id,
      max_call_count: 0,
    });
    assert.equal(sub.code, 0, JSON.stringify(sub));
    const r = await signIn(t, 'records_only', 'records-pass-1');
    assert.equal(r.body.code, 0, JSON.stringify(r.body));
    assert.equal(r.body.data.is_main, false);
    assert.ok(r.body.data.permissions && !r.body.data.permissions.includes('task.view'));
    const tasks = await consoleCall(t, '/api/index', r);
    assert.equal(tasks.body.code, 20007);
    const records = await consoleCall(t, '/api/crmList', r, { pageIndex: 1, pageSize: 10 });
    assert.equal(records.body.code, 0, JSON.stringify(records.body));
  });
});
