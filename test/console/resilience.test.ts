// Operator console, end to end under bad conditions: a file that is not a spreadsheet, a session that expired
// while the operator was away, a proxy answering an error page, and the platform going down and coming back.
// Each time a Chinese message where the operator is, nothing half-saved, never a blank page.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import {
  apiCall,
  apiLogin,
  newConsolePage,
  openBrowser,
  signIn,
  startConsoleServer,
} from '../support/console-e2e.js';

describe('console: bad input and bad conditions', async () => {
  const server = await startConsoleServer();
  const { page, shot, errors } = await newConsolePage(await openBrowser(), 'resilience');
  const key = await apiLogin(server.base, server.user.user_name, server.user.password);
  const taskCount = async () =>
    (await apiCall<{ data: { total: number } }>(server.base, '/api/index', key)).data.total;

  it('refuses a file that is not a spreadsheet when creating a task, and creates nothing', async () => {
    const projects = await apiCall<{ data: { project_caption: string }[] }>(
      server.base,
      '/api/getProjects',
      key,
    );
    // A picture saved under a spreadsheet's name (the file picker's filter does not look inside).
    const fake = path.join(os.tmpdir(), `号码-${process.pid}.xlsx`);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    writeFileSync(fake, Buffer.concat([png, Buffer.alloc(64)]));
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByRole('menuitem', { name: '任务管理' }).click();
    await page.getByRole('button', { name: '新建任务' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('话术模板').click();
    await page.getByTitle(projects.data[0]!.project_caption).click();
    await drawer.getByLabel('任务名称').fill('坏文件任务');
    await page.locator('input[type=file]').setInputFiles(fake);
    const problem = drawer.locator('.ant-alert-error');
    await problem.waitFor();
    assert.match(await problem.innerText(), /导入文件格式错误,仅支持xlsx、csv/);
    assert.equal(await drawer.getByRole('button', { name: '创建任务并导入' }).isDisabled(), true);
    await shot('task-not-a-spreadsheet');
    assert.equal(await taskCount(), 0, 'no task was created');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('returns to the sign-in page with a notice when the session expired, then signs in again', async () => {
    await page.getByTestId('tasks-page').waitFor();
    // The operator was away longer than the idle limit (30 minutes by default).
    const db = new pg.Client({ connectionString: server.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes'`);
    } finally {
      await db.end();
    }
    await page.getByRole('menuitem', { name: '通话记录' }).click();
    await page.getByText('登录已过期,请重新登录').waitFor();
    await page.getByLabel('用户名').waitFor();
    await shot('session-expired');
    await page.getByLabel('用户名').fill(server.user.user_name);
    await page.getByLabel('密码').fill(server.user.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('current-user').waitFor();
  });

  it('shows an error answered by a proxy in Chinese with a retry that recovers', async () => {
    await page.route('**/api/index', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' }),
    );
    await page.getByRole('menuitem', { name: '任务管理' }).click();
    const failed = page.getByText('服务器返回了无法识别的内容 (HTTP 502)');
    await failed.waitFor();
    await shot('proxy-error');
    await page.unroute('**/api/index');
    await page.getByRole('button', { name: /重\s*试/ }).click();
    await page.getByText('该时间段内没有任务').waitFor();
  });

  it('keeps the page and says the server cannot be reached while it is down; recovers after a restart', async () => {
    await server.stop();
    // Data of a page already loaded: refreshed, the failure is said in place of the list.
    await page.getByTestId('tasks-page').getByRole('button', { name: 'reload' }).click();
    await page.getByText('无法连接服务器,请检查网络或服务是否已启动').first().waitFor();
    await shot('server-down-tasks');
    // A page whose code was never loaded: the frame stays, the page says it could not be loaded.
    await page.getByRole('menuitem', { name: '话术' }).click();
    await page.getByText('页面加载失败').waitFor();
    assert.ok(await page.getByTestId('current-user').isVisible(), 'the frame and menu are still there');
    await shot('server-down-scripts');

    await server.restart();
    await page.reload();
    // The session lives in the database: a restart does not sign the operator out.
    await page.getByTestId('current-user').waitFor();
    await page.getByTestId('scripts-page').waitFor();
    await shot('server-restarted-scripts');
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });
});
