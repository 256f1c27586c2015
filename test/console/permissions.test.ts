/// <reference lib="dom" />
// Operator console, end to end: a sub-account whose role lacks a permission sees neither the menu nor the page,
// and the server refuses the page's API to its console session; a session without the CSRF header is refused;
// sign-out ends the session.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiCall,
  apiLogin,
  newConsolePage,
  openBrowser,
  signIn,
  startConsoleServer,
} from '../support/console-e2e.js';

describe('console: sub-account permissions and the session', async () => {
  const server = await startConsoleServer();
  const browser = await openBrowser();
  const key = await apiLogin(server.base, server.user.user_name, server.user.password);
  // A role that may look at records only (300/301 通话记录), and a sub-account holding it.
  const role = await apiCall<{ code: number; data: { id: number } }>(server.base, '/api/doRoleaddapi', {
    ...key,
    name: '质检员',
    permission: [300, 301],
  });
  assert.equal(role.code, 0, JSON.stringify(role));
  const sub = await apiCall<{ code: number }>(server.base, '/api/aiUserSaveapi', {
    ...key,
    user_name: 'qa_user',
    contact: '质检',
    password: 'qa-pass-1',
    re_password: 'qa-pass-1',
    role_id: role.data.id,
    max_call_count: 0,
  });
  assert.equal(sub.code, 0, JSON.stringify(sub));

  it('hides the tasks menu and refuses the tasks page to a sub-account without task.view', async () => {
    const { page, shot } = await newConsolePage(browser, 'permissions');
    await signIn(page, server.base, 'qa_user', 'qa-pass-1');
    const menu = page.getByRole('menu');
    await menu.getByText('通话记录').waitFor();
    assert.equal(await menu.getByText('任务管理').count(), 0, 'no tasks menu');
    await shot('sub-account-menu');
    await page.goto(`${server.base}/tasks`);
    await page.getByText('没有访问权限').waitFor();
    await shot('sub-account-tasks-refused');
    // The same session calling the tasks API directly: refused by the server (20007).
    const answer = await page.evaluate(async () => {
      const csrf = /aicall_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
      const res = await fetch('/api/index', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: '{}',
      });
      return (await res.json()) as { code: number };
    });
    assert.equal(answer.code, 20007);
  });

  it('refuses a console session request without the CSRF header, and ends the session on sign-out', async () => {
    const { page, shot } = await newConsolePage(browser, 'session');
    await signIn(page, server.base, server.user.user_name, server.user.password);
    const withoutCsrf = await page.evaluate(async () => {
      const res = await fetch('/api/index', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return (await res.json()) as { code: number };
    });
    assert.equal(withoutCsrf.code, 20005);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').waitFor();
    await shot('signed-out');
    const me = await page.evaluate(
      async () => ((await (await fetch('/ext/console/me')).json()) as { code: number }).code,
    );
    assert.equal(me, 20005);
    // The integration's key is untouched by console sign-in and sign-out.
    assert.equal((await apiCall<{ code: number }>(server.base, '/api/index', key)).code, 0);
  });
});
