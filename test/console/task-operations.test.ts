// Operator console, end to end: a task of 100,000 numbers imported through the page and its number list paged
// on the server; appending numbers, cancelling one, and starting, pausing, resuming, stopping and deleting a
// task from its row. Calling hours are closed all week, so no task dials and every status stays put.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  apiCall,
  apiLogin,
  closeDrawer,
  newConsolePage,
  numbersCsv,
  openBrowser,
  signIn,
  startConsoleServer,
  templateRows,
} from '../support/console-e2e.js';

const LARGE = 100_000;
const phone = (i: number) => `139${String(i).padStart(8, '0')}`;

/** Clicks a row action and confirms its pop-up. */
async function confirmAction(page: Page, row: Locator, action: string) {
  await row.getByRole('button', { name: new RegExp(`^${action.split('').join('\\s*')}$`) }).click();
  await page
    .locator('.ant-popconfirm:not(.ant-popover-hidden)')
    .getByRole('button', { name: /确\s*定/ })
    .click();
}

describe('console: task operations and a 100,000-number task', async () => {
  const server = await startConsoleServer();
  const { page, shot, errors } = await newConsolePage(await openBrowser(), 'task-operations');
  const key = await apiLogin(server.base, server.user.user_name, server.user.password);
  const closed = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [`week${d}`, '']));
  const hours = await apiCall<{ code: number }>(server.base, '/api/timeSave', {
    ...key,
    ...closed,
    holiday: '',
    holiday_status: 1,
  });
  assert.equal(hours.code, 0, JSON.stringify(hours));
  const projects = await apiCall<{ data: { project_sn: string; project_caption: string }[] }>(
    server.base,
    '/api/getProjects',
    key,
  );
  const project = projects.data[0]!;
  const taskRow = (name: string) => page.getByRole('row').filter({ hasText: name });
  const numbersDrawer = page.locator('.ant-drawer').filter({ hasText: '号码列表' });

  it('imports 100,000 numbers from an uploaded file and pages through them on the server', async () => {
    const file = await numbersCsv(
      server.base,
      key,
      project.project_sn,
      Array.from({ length: LARGE }, (_, i) => phone(i)),
      `十万号码-${process.pid}`,
    );
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByRole('menuitem', { name: '任务管理' }).click();
    await page.getByRole('button', { name: '新建任务' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('话术模板').click();
    await page.getByTitle(project.project_caption).click();
    await drawer.getByLabel('任务名称').fill('十万号码任务');
    await drawer.getByLabel('导入后自动开始').click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-preview').getByText(phone(0)).waitFor();
    await page.getByRole('button', { name: '创建任务并导入' }).click();
    await page.getByText('导入完成').waitFor({ timeout: 240_000 });
    assert.match(await page.getByTestId('import-counters').innerText(), /成功导入\s*100000/);
    await shot('large-import-finished');
    await page.getByRole('button', { name: /完\s*成/ }).click();
    const row = taskRow('十万号码任务');
    await row.getByText(`0/${LARGE}`).waitFor();
    await row.getByText('未开始').waitFor();

    await row.getByRole('button', { name: /号\s*码/ }).click();
    await numbersDrawer.getByText(`共 ${LARGE} 个号码`).waitFor();
    const rows = numbersDrawer.locator('tbody tr.ant-table-row');
    assert.equal(await rows.count(), 20, 'one page of rows is in the page, not all 100,000');
    const firstOfPage1 = await rows.first().innerText();
    await numbersDrawer.locator('.ant-pagination-item-2').click();
    await numbersDrawer.locator('.ant-pagination-item-active').filter({ hasText: '2' }).waitFor();
    // The previous page stays on screen until the server answers (no spinner is guaranteed to show first), so
    // wait for page 1's first number to leave the table.
    const firstPhone = /1\d{10}/.exec(firstOfPage1)?.[0];
    assert.ok(firstPhone, firstOfPage1);
    await numbersDrawer.getByRole('cell', { name: firstPhone, exact: true }).waitFor({ state: 'detached' });
    assert.notEqual(await rows.first().innerText(), firstOfPage1, 'page 2 holds other numbers');
    assert.equal(await rows.count(), 20);
    await numbersDrawer.getByPlaceholder('按号码查找').fill(phone(54_321));
    await numbersDrawer.getByPlaceholder('按号码查找').press('Enter');
    await numbersDrawer.getByText('共 1 个号码').waitFor();
    await numbersDrawer.getByRole('cell', { name: phone(54_321) }).waitFor();
    await shot('large-task-numbers');
    await closeDrawer(page);
  });

  it('appends numbers to a task and cancels the call of one of them', async () => {
    const { rows } = await templateRows(server.base, key, project.project_sn, ['13800000001', '13800000002']);
    const created = await apiCall<{ code: number }>(server.base, '/api/addJson', {
      ...key,
      project_sn: project.project_sn,
      source: '操作测试任务',
      ai_user_sn: server.user.user_sn,
      is_zidong: 0,
      client_info_json: { data: rows },
    });
    assert.equal(created.code, 0, JSON.stringify(created));
    await page.getByRole('button', { name: 'reload' }).click();
    const row = taskRow('操作测试任务');
    await row.getByText('0/2').waitFor();

    const more = await numbersCsv(
      server.base,
      key,
      project.project_sn,
      ['13800000003', '13800000004', '13800000005'],
      `追加-${process.pid}`,
    );
    await row.getByRole('button', { name: /追\s*加/ }).click();
    await page.locator('input[type=file]').setInputFiles(more);
    await page.getByTestId('import-preview').getByText('13800000003').waitFor();
    await page.getByRole('button', { name: '追加并导入' }).click();
    await page.getByText('导入完成').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('import-counters').innerText(), /成功导入\s*3/);
    await shot('append-finished');
    await page.getByRole('button', { name: /完\s*成/ }).click();
    await row.getByText('0/5').waitFor();

    await row.getByRole('button', { name: /号\s*码/ }).click();
    await numbersDrawer.getByText('共 5 个号码').waitFor();
    const target = numbersDrawer.getByRole('row').filter({ hasText: '13800000004' });
    const statusBefore = await target.locator('td').nth(3).innerText();
    await target.getByRole('checkbox').check();
    await numbersDrawer.getByRole('button', { name: '取消呼叫' }).click();
    await page
      .locator('.ant-popconfirm:not(.ant-popover-hidden)')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.getByText('已取消 1 个号码的呼叫').waitFor();
    // The list refetches after the cancel; the row shows its new status once the answer is in.
    await target.locator('td').nth(3).getByText('已停播', { exact: true }).waitFor();
    assert.notEqual(statusBefore, '已停播', 'the number was not already cancelled');
    await shot('number-cancelled');
    const details = await apiCall<{ data: { list: { phone: string; status: number }[] } }>(
      server.base,
      '/api/getDetailsList',
      { ...key, dial_task_main_id: await taskSn('操作测试任务') },
    );
    const cancelled = details.data.list.find((n) => n.phone === '13800000004');
    const untouched = details.data.list.find((n) => n.phone === '13800000005');
    assert.ok(cancelled && untouched);
    assert.notEqual(cancelled.status, untouched.status, 'only the chosen number was cancelled');
    // Closed by its button: Escape reaches the drawer only while focus is inside it, and the
    // confirm that just closed may have left focus on the page's body.
    await closeDrawer(page);
  });

  it('starts, pauses, resumes, stops and deletes the task from its row', async () => {
    const row = taskRow('操作测试任务');
    const status = row.locator('.ant-tag');
    await confirmAction(page, row, '开始');
    await status.filter({ hasText: '发送中' }).waitFor();
    await confirmAction(page, row, '暂停');
    await status.filter({ hasText: '暂停发送' }).waitFor();
    await shot('task-paused');
    await confirmAction(page, row, '继续');
    await status.filter({ hasText: '发送中' }).waitFor();
    await confirmAction(page, row, '终止');
    await status.filter({ hasText: '终止发送' }).waitFor();
    await shot('task-stopped');
    assert.equal(
      await row.getByRole('button', { name: /追\s*加/ }).count(),
      0,
      'a stopped task takes no numbers',
    );
    await confirmAction(page, row, '删除');
    await row.waitFor({ state: 'detached' });
    await shot('task-deleted');
    const list = await apiCall<{ data: { list: { source: string }[] } }>(server.base, '/api/index', key);
    assert.deepEqual(
      list.data.list.map((t) => t.source),
      ['十万号码任务'],
    );
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });

  async function taskSn(name: string): Promise<string> {
    const list = await apiCall<{ data: { list: { source: string; dial_task_main_sn: string }[] } }>(
      server.base,
      '/api/index',
      key,
    );
    const sn = list.data.list.find((t) => t.source === name)?.dial_task_main_sn;
    assert.ok(sn, `task ${name} is listed`);
    return sn;
  }
});
