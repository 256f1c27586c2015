// Operator console, end to end: the new-task form. Its import template (5.11) downloads as a real xlsx; a file
// with bad rows imports the good ones and gives the refused rows back as CSV with why each was refused; the task
// dials on the line chosen in the form; and the fail-recall dialog makes a new task of the numbers that failed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Download } from 'playwright-core';
import {
  allowCallingAllDay,
  apiCall,
  apiLogin,
  chooseOption,
  closeDrawer,
  eventually,
  newConsolePage,
  openBrowser,
  signIn,
  startConsoleServer,
  templateRows,
} from '../support/console-e2e.js';

interface ListedTask {
  source: string;
  dial_task_main_sn: string;
  status_code: number;
  total_count: number;
  trunkgroup_sn: string;
}

const GOOD = ['13700000001', '13700000002', '13700000003'];
/** What a spreadsheet makes of a long number: its digits are lost, so the row is refused. */
const MALFORMED = '1.38E+10';

/** The text of a download, read after it has been saved. */
async function downloaded(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFile(file);
}

/** CSV text as rows of cells (quoted cells with commas kept whole), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line === '') continue;
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [];
    rows.push(cells.slice(0, -1).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
  }
  return rows;
}

describe('console: the new-task form', async () => {
  const server = await startConsoleServer();
  const { page, shot, errors } = await newConsolePage(await openBrowser(), 'task-form');
  const key = await apiLogin(server.base, server.user.user_name, server.user.password);
  await allowCallingAllDay(server.base, key);
  // A line on which every number is busy: the task's calls all fail, which the fail-recall dialog needs.
  const line = await apiCall<{ code: number; msg: string; data: { line_id: number } }>(
    server.base,
    '/ext/lines/create',
    { ...key, name: '全忙线路', config: { seed: 'task-form', outcomes: { busy: 1 } } },
  );
  assert.equal(line.code, 0, line.msg);
  const projects = await apiCall<{ data: { project_sn: string; project_caption: string }[] }>(
    server.base,
    '/api/getProjects',
    key,
  );
  const project = projects.data[0]!;
  const drawer = page.locator('.ant-drawer-open');
  const taskRow = (name: string) => page.getByRole('row').filter({ hasText: name });
  const listed = async (name: string) => {
    const list = await apiCall<{ data: { list: ListedTask[] } }>(server.base, '/api/index', key);
    return list.data.list.find((t) => t.source === name);
  };

  it('downloads the import template of the chosen script as an xlsx with its columns', async () => {
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByRole('menuitem', { name: '任务管理' }).click();
    await page.getByTestId('tasks-page').waitFor();
    await page.getByRole('button', { name: '新建任务' }).click();
    await chooseOption(page, drawer.getByLabel('话术模板'), project.project_caption);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      drawer.getByRole('button', { name: /下载该话术的导入模板/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), '导入模板.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await downloaded(download)) as unknown as ArrayBuffer);
    const header = (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1).map(String);
    const model = await apiCall<{ data: string[][] }>(server.base, '/api/exportModel', {
      ...key,
      project_sn: project.project_sn,
      type: 'json',
    });
    assert.deepEqual(header, model.data[0], 'the columns the script asks for');
    assert.ok(header.includes('*电话'), 'the phone column is marked required');
    await shot('template-downloaded');
  });

  it('imports a file with bad rows and gives the refused rows back with why', async () => {
    const { header, rows } = await templateRows(server.base, key, project.project_sn, [
      ...GOOD,
      MALFORMED,
      GOOD[0]!,
    ]);
    const file = path.join(os.tmpdir(), `坏行-${process.pid}.csv`);
    const csvLines = rows.map((r) => header.map((c) => r[c]).join(','));
    writeFileSync(file, `${header.join(',')}\n${csvLines.join('\n')}\n`);
    await drawer.getByLabel('任务名称').fill('表单选线任务');
    await chooseOption(page, drawer.getByLabel('外呼线路'), '全忙线路');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-preview').getByText(MALFORMED).waitFor();
    await shot('form-filled');
    await page.getByRole('button', { name: '创建任务并导入' }).click();
    await page.getByText('导入完成').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('import-counters').innerText(), /成功导入\s*3/);
    await shot('import-with-refused-rows');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载未导入的行\(2\)/ }).click(),
    ]);
    const [head = [], ...refused] = parseCsv((await downloaded(download)).toString('utf8'));
    // The row's own columns (the order is the stored row's, not necessarily the file's), then the reason.
    assert.deepEqual(head.slice(0, -1).sort(), [...header].sort());
    assert.equal(head.at(-1), '未导入原因');
    const phoneAt = head.indexOf('电话');
    assert.deepEqual(
      refused.map((r) => r[phoneAt]),
      [MALFORMED, GOOD[0]],
      'the malformed number and the repeated one, in file order',
    );
    const reasons = refused.map((r) => r[head.length - 1] ?? '');
    assert.equal(reasons[0], '号码为科学计数法,精度已丢失');
    assert.equal(reasons[1], '导入数据中号码重复');
    await page.getByRole('button', { name: /完\s*成/ }).click();
  });

  it('dials the task on the line chosen in the form and shows it in the 线路 column', async () => {
    const task = await eventually('the task is listed', () => listed('表单选线任务'));
    assert.equal(task.trunkgroup_sn, String(line.data.line_id));
    await taskRow('表单选线任务').getByRole('cell', { name: '全忙线路' }).waitFor();
    // The form starts the task once its import is done. Every call on the chosen line is busy (the default line
    // would answer most of them), so the task finishes with all its numbers failed.
    await eventually('the task finished', async () => (await listed('表单选线任务'))?.status_code === 1);
    const records = await apiCall<{ data: { list: { phone: string }[] } }>(server.base, '/api/crmList', {
      ...key,
      dial_task_main_sn: task.dial_task_main_sn,
      start_create_at: '2000-01-01',
    });
    assert.equal(records.data.list.length, GOOD.length, 'each imported number was dialed once');
    await taskRow('表单选线任务').locator('.ant-tag').filter({ hasText: '已发送' }).waitFor();
    await shot('task-dialed-on-chosen-line');
  });

  it('makes a new task of the failed numbers from the fail-recall dialog', async () => {
    await taskRow('表单选线任务')
      .getByRole('button', { name: /号\s*码/ })
      .click();
    const numbers = page.locator('.ant-drawer-open').filter({ hasText: '号码列表' });
    await numbers.getByText(`共 ${GOOD.length} 个号码`).waitFor();
    await numbers.getByRole('button', { name: '失败重呼' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '选择要重呼的挂断原因' });
    await dialog.getByLabel('用户正忙').check();
    await dialog.getByLabel('重呼到新任务').check();
    await dialog.getByPlaceholder('新任务名称').fill('忙线重呼任务');
    await shot('fail-recall-dialog');
    await dialog.getByRole('button', { name: /重\s*呼/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await closeDrawer(page);
    const recalled = await eventually('the recall task is listed', () => listed('忙线重呼任务'));
    assert.equal(recalled.total_count, GOOD.length, 'every failed number, once');
    assert.equal(recalled.trunkgroup_sn, String(line.data.line_id), 'on the same line as its source');
    const recallRow = taskRow('忙线重呼任务');
    // The recall task starts dialing at once: its progress may have moved past 0 already.
    await recallRow.getByText(new RegExp(`^\\d/${GOOD.length}$`)).waitFor({ timeout: 30_000 });
    await recallRow.getByRole('cell', { name: '全忙线路' }).waitFor();
    await shot('recall-task-listed');
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });
});
