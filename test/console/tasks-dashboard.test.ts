// Operator console, end to end in Chromium against a started platform: sign-in (and that it leaves the
// integration's api_key alone), creating a task from an uploaded file with its import progress and counters,
// the task dialing on the simulator line, and its calls on the dashboard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  allowCallingAllDay,
  apiCall,
  apiLogin,
  eventually,
  newConsolePage,
  numbersCsv,
  openBrowser,
  signIn,
  startConsoleServer,
} from '../support/console-e2e.js';

async function statValue(page: Page, title: string): Promise<number> {
  const card = page.locator('.ant-statistic').filter({ hasText: title });
  return Number((await card.locator('.ant-statistic-content-value').innerText()).replace(/[^\d.]/g, ''));
}

describe('console: sign-in, tasks and dashboard', async () => {
  // Started in the suite body so their after() hooks belong to the suite.
  const server = await startConsoleServer();
  const { page, shot, errors } = await newConsolePage(await openBrowser(), 'tasks-dashboard');

  it('refuses a wrong password with a Chinese message on the sign-in page', async () => {
    await page.goto(`${server.base}/`);
    await page.getByLabel('用户名').fill(server.user.user_name);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await shot('sign-in-wrong-password');
  });

  it('signs in with its own session and leaves the integration api_key working', async () => {
    const key = await apiLogin(server.base, server.user.user_name, server.user.password);
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByTestId('dashboard').waitFor();
    assert.equal(await statValue(page, '今日呼叫'), 0);
    await shot('dashboard-empty');
    const list = await apiCall<{ code: number }>(server.base, '/api/index', key);
    assert.equal(list.code, 0, 'the api_key issued before the console sign-in still works');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'aicall_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session.sameSite, 'Strict');
  });

  it('creates a task from an uploaded file, shows the import progress and its counters', async () => {
    const key = await apiLogin(server.base, server.user.user_name, server.user.password);
    // The task must start dialing whatever the time of day the test runs.
    await allowCallingAllDay(server.base, key);
    const projects = await apiCall<{ data: { project_sn: string; project_caption: string }[] }>(
      server.base,
      '/api/getProjects',
      key,
    );
    const project = projects.data[0]!;
    const phones = Array.from({ length: 12 }, (_, i) => `1390000${String(1000 + i)}`);
    const file = await numbersCsv(server.base, key, project.project_sn, phones);
    await page.getByRole('menuitem', { name: '任务管理' }).click();
    await page.getByTestId('tasks-page').waitFor();
    await shot('tasks-empty');
    await page.getByRole('button', { name: '新建任务' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('话术模板').click();
    await page.getByTitle(project.project_caption).click();
    await drawer.getByLabel('任务名称').fill('控制台测试任务');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor();
    assert.ok(await page.getByTestId('import-preview').getByText('13900001000').isVisible());
    await shot('create-task-preview');
    await page.getByRole('button', { name: '创建任务并导入' }).click();
    await page.getByText('导入完成').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-counters').waitFor();
    assert.match(await page.getByTestId('import-counters').innerText(), /成功导入\s*12/);
    await page.getByRole('img', { name: '导入结果统计' }).locator('canvas').waitFor();
    await shot('import-finished');
    await page.getByRole('button', { name: /完\s*成/ }).click();
    await page.getByRole('cell', { name: '控制台测试任务' }).waitFor();
    await shot('tasks-list');
  });

  it('the started task appears on the live panel of the dashboard beside the simulator line', async () => {
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByTestId('dashboard').waitFor();
    // The live panel (dialer SSE) lists the running task (calling hours are open all day).
    await page.getByTestId('live-tasks').getByText('控制台测试任务').waitFor({ timeout: 120_000 });
    // Its calls reach today's statistics (refreshed by the page while it is open).
    await eventually('calls counted on the dashboard', async () => (await statValue(page, '今日呼叫')) > 0);
    await shot('dashboard-calls');
    const lineRow = page.getByRole('row').filter({ hasText: '模拟器' });
    assert.ok(await lineRow.first().isVisible(), 'the simulator line is listed with its health');
  });

  it('the task number list pages on the server', async () => {
    await page.getByRole('menuitem', { name: '任务管理' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: '控制台测试任务' })
      .getByRole('button', { name: /号\s*码/ })
      .click();
    await page.getByText('共 12 个号码').waitFor();
    await shot('task-numbers');
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });
});
