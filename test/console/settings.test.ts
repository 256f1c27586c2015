// Operator console, end to end: the settings pages. Add and delete a DND number (and refuse a file that is not
// a spreadsheet), create a simulator line and run a test call on it, change the calling hours, and create a
// sub-account with a limited role whose console shows fewer menus (the server refusing the rest); set the push
// destinations, see an import result delivered to a receiver on loopback in the delivery log, and resend it; see a
// push the receiver refused until it became a dead letter, and resend that one.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SUCCESS, TestReceiver } from '../flows/push-support.js';
import {
  apiCall,
  apiLogin,
  eventually,
  newConsolePage,
  openBrowser,
  signIn,
  startConsoleServer,
  templateRows,
} from '../support/console-e2e.js';

/** Clicks an option of the open select dropdown. */
const option = (page: Page, title: string) =>
  page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .getByTitle(title, { exact: true })
    .click();

describe('console: settings', async () => {
  // The push receiver below listens on loopback, which callbacks may reach only when allowed.
  const server = await startConsoleServer({ CALLBACK_ALLOWLIST: '127.0.0.0/8' });
  const browser = await openBrowser();
  const { page, shot, errors } = await newConsolePage(browser, 'settings');
  const key = await apiLogin(server.base, server.user.user_name, server.user.password);

  it('adds a DND number, refuses a file that is not a spreadsheet, deletes the number', async () => {
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByRole('menuitem', { name: '设置' }).click();
    await page.getByTestId('dnd-tab').waitFor();
    await page.getByText('防打扰名单为空').waitFor();
    const form = page.locator('form#dnd-add');
    await form.getByLabel('号码').fill('13800138000');
    await form.getByLabel('备注').fill('客户要求不再来电');
    await form.getByRole('button', { name: /添\s*加/ }).click();
    await page.getByRole('cell', { name: '13800138000' }).waitFor();
    const list = await apiCall<{ total: number }>(server.base, '/api/BlackListListsDataapi', key);
    assert.equal(list.total, 1);
    await shot('dnd-added');
    const notSheet = path.join(os.tmpdir(), `名单-${process.pid}.txt`);
    writeFileSync(notSheet, 'not a spreadsheet');
    await page.locator('input[type=file]').setInputFiles(notSheet);
    await page.getByText('请上传 Excel(.xlsx/.xls)或 CSV 表格文件').waitFor();
    await shot('dnd-not-a-spreadsheet');
    await page.getByRole('row').filter({ hasText: '13800138000' }).getByRole('checkbox').check();
    await page.getByRole('button', { name: /删\s*除/ }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('防打扰名单为空').waitFor();
    const after = await apiCall<{ total: number }>(server.base, '/api/BlackListListsDataapi', key);
    assert.equal(after.total, 0);
  });

  it('creates a simulator line and runs a test call on it', async () => {
    await page.getByRole('tab', { name: '线路' }).click();
    await page.getByTestId('lines-tab').waitFor();
    await page.getByRole('button', { name: '新建线路' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建线路' });
    await modal.getByLabel('线路名称').fill('测试模拟线路');
    await modal.getByRole('button', { name: /创\s*建/ }).click();
    const row = page.getByRole('row').filter({ hasText: '测试模拟线路' });
    await row.waitFor();
    await shot('line-created');
    await row.getByRole('button', { name: '拨打测试' }).click();
    const test = page.locator('.ant-modal').filter({ hasText: '拨打测试 ·' });
    await test.getByLabel('测试号码').fill('13900001111');
    await test.getByRole('button', { name: /^拨\s*打$/ }).click();
    await test.getByTestId('test-call-result').getByText('结果').waitFor({ timeout: 90_000 });
    await shot('line-test-call');
    await page.keyboard.press('Escape');
    await test.waitFor({ state: 'hidden' });
  });

  it('changes the calling hours', async () => {
    await page.getByRole('tab', { name: '外呼时间' }).click();
    const saturday = page.getByLabel('周六');
    await saturday.waitFor();
    await saturday.fill('10:00-12:00,14:00-18:00');
    await page.getByLabel('法定节假日').fill('10:00-11:00');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('设置成功').waitFor();
    const hours = await apiCall<{ data: { week6: string; holiday: string } }>(
      server.base,
      '/api/callTimeList',
      key,
    );
    assert.equal(hours.data.week6, '10:00-12:00,14:00-18:00');
    assert.equal(hours.data.holiday, '10:00-11:00');
    await saturday.fill('25:00-26:00');
    await page.getByText('格式应为 HH:MM-HH:MM').waitFor();
    await shot('calling-hours');
  });

  it('creates a role limited to records and a sub-account holding it, whose menu shrinks', async () => {
    await page.getByRole('tab', { name: '角色权限' }).click();
    await page.getByRole('button', { name: '新建角色' }).click();
    const roleModal = page.locator('.ant-modal').filter({ hasText: '新建角色' });
    await roleModal.getByLabel('角色名称').fill('记录查看员');
    await roleModal.locator('.ant-tree').getByText('通话流水', { exact: true }).click();
    await roleModal.locator('.ant-tree-treenode-checkbox-checked').filter({ hasText: '通话流水' }).waitFor();
    await roleModal.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: '记录查看员' }).waitFor();
    const roles = await apiCall<{ data: { id: number; name: string }[] }>(server.base, '/api/roleGetapi', {
      ...key,
      data: { name: '记录查看员' },
    });
    const tree = await apiCall<{ data: { id: number; checked: number }[] }>(
      server.base,
      '/api/getAllPermissionapi',
      { ...key, roleid: roles.data[0]!.id },
    );
    assert.deepEqual(
      tree.data.filter((p) => p.checked === 1).map((p) => p.id),
      [300, 301],
      'the role holds 通话流水 and its area',
    );
    await shot('role-created');
    await page.getByRole('tab', { name: '子账号' }).click();
    await page.getByRole('button', { name: '新建子账号' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建子账号' });
    await modal.getByLabel('登录名').fill('viewer1');
    await modal.getByLabel('姓名').fill('查看员');
    await modal.getByLabel('密码', { exact: true }).fill('viewer-pass-1');
    await modal.getByLabel('确认密码').fill('viewer-pass-1');
    await modal.getByLabel('角色').click();
    await option(page, '记录查看员');
    await modal.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByRole('cell', { name: 'viewer1' }).waitFor();
    await shot('sub-account-created');
    assert.deepEqual(errors, [], 'no script errors on the pages');

    const sub = await newConsolePage(browser, 'settings-sub-account');
    await signIn(sub.page, server.base, 'viewer1', 'viewer-pass-1');
    const menu = sub.page.getByRole('menu');
    await menu.getByText('通话记录').waitFor();
    for (const hidden of ['首页', '任务管理', '话术', '公海客户', '私海客户', '设置']) {
      assert.equal(await menu.getByText(hidden, { exact: true }).count(), 0, `no ${hidden} menu`);
    }
    await sub.shot('sub-account-menu');
    await sub.page.goto(`${server.base}/settings`);
    await sub.page.getByText('没有访问权限').waitFor();
    const refused = await sub.page.evaluate(async () => {
      const csrf = /aicall_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
      const res = await fetch('/api/BlackListListsDataapi', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: '{}',
      });
      return ((await res.json()) as { code?: number; rst?: string }).code;
    });
    assert.equal(refused, 20007, 'the server refuses the DND list to this role');
  });

  it('shows the saved push destinations, logs a delivered import push with its attempts and resends it', async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as { port: number };
      const url = `http://127.0.0.1:${port}/aicall/import`;
      await page.getByRole('menuitem', { name: '设置' }).click();
      await page.getByRole('tab', { name: '推送设置' }).click();
      const tab = page.getByTestId('push-tab');
      await tab.getByLabel('导入结果推送地址').fill(url);
      await tab.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('推送地址已保存').waitFor();
      const saved = await apiCall<{ data: { task_callback_url: string } }>(
        server.base,
        '/ext/push/callback',
        key,
      );
      assert.equal(saved.data.task_callback_url, url);

      // An asynchronous import whose result (5.7.15) goes to that address.
      const projects = await apiCall<{ data: { project_sn: string }[] }>(
        server.base,
        '/api/getProjects',
        key,
      );
      const projectSn = projects.data[0]!.project_sn;
      const { rows } = await templateRows(server.base, key, projectSn, ['13700000001']);
      const task = await apiCall<{ code: number }>(server.base, '/api/addJsonOfAsync', {
        ...key,
        project_sn: projectSn,
        source: '推送测试任务',
        ai_user_sn: server.user.user_sn,
        client_info_json: { data: rows },
      });
      assert.equal(task.code, 0, JSON.stringify(task));
      await eventually('the import result at the receiver', () => Promise.resolve(received.length >= 1));

      // Opened afresh, the tab shows the saved address and the delivered push.
      await page.reload();
      await page.getByRole('tab', { name: '推送设置' }).click();
      assert.equal(await tab.getByLabel('导入结果推送地址').inputValue(), url);
      const row = tab.getByRole('row').filter({ hasText: '导入结果' }).first();
      await row.getByText('已送达').waitFor();
      await row.getByRole('button', { name: '投递记录' }).click();
      const attempts = page.locator('.ant-modal').filter({ hasText: '投递记录' });
      await attempts.getByRole('cell', { name: '200', exact: true }).waitFor();
      await attempts.getByRole('cell', { name: '已送达' }).waitFor();
      await shot('push-attempts');
      await page.keyboard.press('Escape');
      await attempts.waitFor({ state: 'hidden' });
      await row.getByRole('button', { name: '重新推送' }).click();
      await page.getByText('已重新排队 1 条推送').waitFor();
      await eventually('the resent import result at the receiver', () =>
        Promise.resolve(received.length >= 2),
      );
      await shot('push-resent');
      assert.deepEqual(errors, [], 'no script errors on the pages');
    } finally {
      receiver.close();
    }
  });

  it('lists a push refused with 404 on every attempt among the dead letters and resends it', async () => {
    // A receiver that answers 404 (a wrong address) until it is fixed: four such answers make a dead letter.
    let fixed = false;
    const receiver = await TestReceiver.start(() => (fixed ? SUCCESS : { status: 404, body: 'not found' }));
    try {
      // Retries within a second or so, so the four attempts are over soon.
      const retry = await apiCall<{ code: number }>(server.base, '/ext/push/retry', {
        ...key,
        base_seconds: 1,
        factor: 1,
        max_delay_seconds: 1,
        min_attempts: 4,
      });
      assert.equal(retry.code, 0, JSON.stringify(retry));
      const tab = page.getByTestId('push-tab');
      await tab.getByLabel('导入结果推送地址').fill(receiver.url);
      await tab.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('推送地址已保存').waitFor();
      const projects = await apiCall<{ data: { project_sn: string }[] }>(
        server.base,
        '/api/getProjects',
        key,
      );
      const projectSn = projects.data[0]!.project_sn;
      const { rows } = await templateRows(server.base, key, projectSn, ['13700000002']);
      const task = await apiCall<{ code: number }>(server.base, '/api/addJsonOfAsync', {
        ...key,
        project_sn: projectSn,
        source: '死信测试任务',
        ai_user_sn: server.user.user_sn,
        client_info_json: { data: rows },
      });
      assert.equal(task.code, 0, JSON.stringify(task));
      const dead = await eventually('the refused push among the dead letters', async () => {
        const r = await apiCall<{ data: { list: { event_id: string; attempts: number }[] } }>(
          server.base,
          '/ext/push/dead',
          key,
        );
        return r.data.list[0];
      });
      assert.equal(dead.attempts, 4);
      assert.equal(receiver.seen.get(dead.event_id), 4, 'four deliveries, each answered 404');

      await page.reload();
      await page.getByRole('tab', { name: '推送设置' }).click();
      const deadLetters = page.getByTestId('push-dead');
      await deadLetters.getByText('死信总数').waitFor();
      const row = deadLetters.getByRole('row').filter({ hasText: '导入结果' });
      await row.getByText('死信', { exact: true }).waitFor();
      await row.getByRole('cell', { name: '4', exact: true }).waitFor();
      await row.getByRole('button', { name: '投递记录' }).click();
      const attempts = page.locator('.ant-modal').filter({ hasText: '投递记录' });
      await attempts.getByRole('cell', { name: '失败,转入死信' }).waitFor();
      assert.equal(await attempts.getByRole('cell', { name: '404', exact: true }).count(), 4);
      await shot('push-dead-letter');
      await attempts.locator('.ant-modal-close').click();
      await attempts.waitFor({ state: 'hidden' });

      fixed = true;
      await row.getByRole('button', { name: '重新推送' }).click();
      await page.getByText('已重新排队 1 条推送').waitFor();
      await row.waitFor({ state: 'detached' });
      await eventually('the resent push delivered', () =>
        Promise.resolve((receiver.seen.get(dead.event_id) ?? 0) >= 5),
      );
      const after = await apiCall<{ data: { total: number } }>(server.base, '/ext/push/dead', key);
      assert.equal(after.data.total, 0, 'no dead letter left');
      await shot('push-dead-letter-resent');
      assert.deepEqual(errors, [], 'no script errors on the pages');
    } finally {
      await receiver.down();
    }
  });
});
