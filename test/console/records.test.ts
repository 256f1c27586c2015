// Operator console, end to end: calls made on the simulator line appear in 通话记录; the filters narrow the
// list on the server, a record's drawer shows the dialogue turns, the grade and its reason, plays the
// recording (seeking in it), and saves a manual classification.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
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
  toneWav,
} from '../support/console-e2e.js';

/** Clicks an option of the open select dropdown. */
const option = (page: Page, title: string) =>
  page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .getByTitle(title, { exact: true })
    .click();

interface Row {
  sn: string;
  phone: string;
  talktimes: number;
  status_manual: string;
}

describe('console: call records', async () => {
  const server = await startConsoleServer();
  const { page, shot, errors } = await newConsolePage(await openBrowser(), 'records');
  const key = await apiLogin(server.base, server.user.user_name, server.user.password);
  await allowCallingAllDay(server.base, key);
  // A line where every callee answers, made the default so the task dials on it.
  const line = await apiCall<{ code: number }>(server.base, '/ext/lines/create', {
    ...key,
    kind: 'simulator',
    name: '全接通模拟线路',
    config: JSON.stringify({ seed: 'records-e2e', outcomes: { answered: 1 } }),
    is_default: 1,
  });
  assert.equal(line.code, 0, JSON.stringify(line));
  const projects = await apiCall<{ data: { project_sn: string }[] }>(server.base, '/api/getProjects', key);
  const phones = ['13911110001', '13911110002', '13911110003'];
  const { rows } = await templateRows(server.base, key, projects.data[0]!.project_sn, phones);
  const task = await apiCall<{ code: number }>(server.base, '/api/addJson', {
    ...key,
    project_sn: projects.data[0]!.project_sn,
    source: '通话记录测试',
    ai_user_sn: server.user.user_sn,
    is_zidong: 'on',
    client_info_json: { data: rows },
  });
  assert.equal(task.code, 0, JSON.stringify(task));
  const records = await eventually(
    'three answered call records',
    async () => {
      const r = await apiCall<{ data: { total: number; list: Row[] } }>(server.base, '/api/crmList', key);
      return r.data.total >= 3 && r.data.list.every((x) => x.talktimes > 0) ? r.data.list : undefined;
    },
    240_000,
  );
  // One call gets a recording file in the team's recordings folder.
  const withRecording = records[0]!;
  const db = new pg.Client({ connectionString: server.env.DATABASE_URL });
  await db.connect();
  const { rows: teamRows } = await db.query<{ team_id: string }>(
    `UPDATE call_records SET recordfile = 'e2e/tone.wav' WHERE sn = $1 RETURNING team_id`,
    [withRecording.sn],
  );
  await db.end();
  const dir = path.join(server.env.DATA_DIR!, 'recordings', String(teamRows[0]!.team_id), 'e2e');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tone.wav'), toneWav());

  it('lists the calls and narrows them with the filters on the server', async () => {
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByRole('menuitem', { name: '通话记录' }).click();
    await page.getByTestId('records-page').waitFor();
    await page.getByText('共 3 条记录').waitFor();
    await shot('records-all');
    await page.getByLabel('号码/姓名').fill(phones[1]!);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('共 1 条记录').waitFor();
    assert.equal(await page.locator('.ant-table-row').count(), 1);
    assert.ok(await page.getByRole('cell', { name: phones[1] }).isVisible());
    await shot('records-filtered');
    await page.getByLabel('号码/姓名').fill('');
    await page.getByLabel('通话时长最少').fill('100000');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('该条件下没有通话记录').waitFor();
    await shot('records-empty');
    await page.getByLabel('通话时长最少').fill('');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('共 3 条记录').waitFor();
  });

  it('opens a record: dialogue turns, grade with its reason, the recording plays and seeks', async () => {
    await page
      .getByRole('row')
      .filter({ hasText: withRecording.phone })
      .getByRole('button', { name: /详\s*情/ })
      .click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByTestId('dialogue').waitFor();
    assert.ok((await drawer.getByTestId('dialogue').innerText()).includes('机器人'), 'robot turns shown');
    assert.notEqual((await drawer.getByTestId('grade-reason').innerText()).trim(), '');
    const player = drawer.getByTestId('recording-player');
    await player.waitFor();
    const duration = await player.evaluate(
      (el: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          if (el.readyState >= 1) return resolve(el.duration);
          el.addEventListener('loadedmetadata', () => resolve(el.duration));
          el.addEventListener('error', () => reject(new Error('audio error')));
        }),
    );
    assert.ok(Math.abs(duration - 3) < 0.1, `recording length ${duration}`);
    const seeked = await player.evaluate(
      (el: HTMLAudioElement) =>
        new Promise<number>((resolve) => {
          el.addEventListener('seeked', () => resolve(el.currentTime), { once: true });
          el.currentTime = 2;
        }),
    );
    assert.ok(Math.abs(seeked - 2) < 0.1, `seeked to ${seeked}`);
    await shot('record-drawer');
  });

  it('saves a manual classification, shown in the list and given by the API', async () => {
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('人工分类').click();
    await option(page, 'B');
    await drawer.getByLabel('备注').fill('客户有兴趣,回访');
    await drawer.getByRole('button', { name: '保存分类' }).click();
    await page.getByText('人工分类已保存').waitFor();
    await closeDrawer(page);
    const r = await apiCall<{ data: { list: Row[] } }>(server.base, '/api/crmList', {
      ...key,
      status_search: 'status_manual',
      status_value: ['B'],
    });
    assert.deepEqual(
      r.data.list.map((x) => x.sn),
      [withRecording.sn],
    );
    // The same filter in the page: manual classification B finds that one call.
    await chooseOption(page, page.getByLabel('等级来源'), '人工分类');
    await chooseOption(page, page.getByLabel('等级', { exact: true }), 'B');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('共 1 条记录').waitFor();
    assert.ok(await page.getByRole('cell', { name: withRecording.phone }).isVisible());
    await shot('record-classified');
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });
});
