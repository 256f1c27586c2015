// Operator console, end to end in Chromium: the customer pools — a public customer found by number prefix and
// taken into the private pool, a collaborator shared, a follow-up note added and seen on the timeline with the
// moves, then given up back to the public pool; another customer transferred to a salesperson, its timeline
// showing its call with grade and recording.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
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
  toneWav,
} from '../support/console-e2e.js';

const PHONE = '13812345678';
const OTHER = '13900001111';

describe('console: customer pools', async () => {
  const server = await startConsoleServer();
  const { page, shot, errors } = await newConsolePage(await openBrowser(), 'customers');
  const key = await apiLogin(server.base, server.user.user_name, server.user.password);
  const imported = await apiCall<{ rst: string; success_count: number }>(
    server.base,
    '/api/addPublicCustomerJson',
    {
      ...key,
      auto_ignore: 0,
      add_json: JSON.stringify({
        data: [
          { 姓名: '张三', 电话: PHONE, 公司: '启航教育' },
          { 姓名: '李四', 电话: '13900001111' },
        ],
      }),
    },
  );
  assert.equal(imported.rst, '200', JSON.stringify(imported));
  const sub = await apiCall<{ code: number }>(server.base, '/api/aiUserSaveapi', {
    ...key,
    user_name: 'sales_wang',
    contact: '王销售',
    password: 'sales-pass-1',
    re_password: 'sales-pass-1',
    max_call_count: 0,
  });
  assert.equal(sub.code, 0, JSON.stringify(sub));
  // A graded, recorded call of the second customer's number (as the dialer would have written it).
  const db = new pg.Client({ connectionString: server.env.DATABASE_URL });
  await db.connect();
  const { rows: team } = await db.query<{ team_id: string }>(
    `INSERT INTO call_records (team_id, sn, phone, name, result, result_code, started_at, connected_at, talktimes,
                               grade, recordfile, created_at, updated_at)
     SELECT team_id, 'account|' || md5('customer-e2e'), $2, '李四', 'answered', 1, now(), now(), 42,
            'A', 'e2e/customer.wav', now(), now()
     FROM accounts WHERE sn = $1 RETURNING team_id`,
    [server.user.user_sn, OTHER],
  );
  await db.end();
  const recordings = path.join(server.env.DATA_DIR!, 'recordings', String(team[0]!.team_id), 'e2e');
  mkdirSync(recordings, { recursive: true });
  writeFileSync(path.join(recordings, 'customer.wav'), toneWav());

  it('finds a public customer by number prefix and takes it into the private pool', async () => {
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByRole('menuitem', { name: '公海客户' }).click();
    const pool = page.getByTestId('public-pool');
    await pool.getByRole('row').filter({ hasText: PHONE }).waitFor();
    await pool.getByText('共 2 个客户').waitFor();
    await page.getByLabel('号码或姓名').fill('1381');
    await page.getByRole('button', { name: /搜\s*索/ }).click();
    await pool.getByText('共 1 个客户').waitFor();
    assert.equal(await pool.getByRole('row').filter({ hasText: OTHER }).count(), 0);
    await shot('public-pool-search');
    await pool.getByRole('row').filter({ hasText: PHONE }).getByRole('button', { name: '领取' }).click();
    await page.getByText('已领取到我的私海').waitFor();
    await pool.getByText('公海中没有客户').waitFor();
  });

  it('shares the customer with a collaborator and adds a note that shows on its timeline', async () => {
    await page.getByRole('menuitem', { name: '私海客户' }).click();
    const pool = page.getByTestId('private-pool');
    const row = pool.getByRole('row').filter({ hasText: PHONE });
    await row.waitFor();
    await row.getByRole('button', { name: '协同' }).click();
    await page.getByLabel('选择账号').click();
    await page.getByTitle('sales_wang (王销售)').click();
    await page.locator('.ant-modal-title').click(); // closes the account list
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.getByText('协同已更新').waitFor();
    await row.getByText('sales_wang').waitFor();
    await shot('private-pool');

    await row.getByRole('button', { name: PHONE }).click();
    const detail = page.getByTestId('customer-detail');
    await detail.waitFor();
    await page.getByLabel('跟进内容').fill('家长对周末试听感兴趣，下周二再联系');
    await page.getByRole('button', { name: '添加跟进记录' }).click();
    await detail.getByTestId('note').filter({ hasText: '下周二再联系' }).waitFor();
    const moves = await detail.getByTestId('timeline-move').allInnerTexts();
    assert.ok(
      moves.some((m) => m.includes('领取')),
      `the take is on the timeline: ${moves.join(' | ')}`,
    );
    await shot('customer-timeline');
    await page.keyboard.press('Escape');
  });

  it('gives the customer up to the public pool', async () => {
    const pool = page.getByTestId('private-pool');
    await pool.getByRole('row').filter({ hasText: PHONE }).getByRole('button', { name: '放弃' }).click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('已放弃到公海').waitFor();
    await pool.getByText('私海中没有客户').waitFor();
    await page.getByRole('menuitem', { name: '公海客户' }).click();
    await page.getByTestId('public-pool').getByRole('row').filter({ hasText: PHONE }).waitFor();
    await shot('public-pool-after-give-up');
  });

  it('transfers a customer to a salesperson; its timeline shows its call and plays the recording', async () => {
    const pub = page.getByTestId('public-pool');
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await pub.getByRole('row').filter({ hasText: OTHER }).getByRole('button', { name: '领取' }).click();
    await page.getByText('已领取到我的私海').waitFor();
    await page.getByRole('menuitem', { name: '私海客户' }).click();
    const row = page.getByTestId('private-pool').getByRole('row').filter({ hasText: OTHER });
    await row.getByRole('button', { name: '转让' }).click();
    await page.getByLabel('选择账号').click();
    await page.getByTitle('sales_wang (王销售)').click();
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.getByText('已转让').waitFor();
    await row.getByRole('cell', { name: 'sales_wang', exact: true }).waitFor();

    // A note typed but not saved for the first customer is not carried over to this one.
    await page.getByRole('menuitem', { name: '公海客户' }).click();
    await page.getByTestId('public-pool').getByRole('button', { name: PHONE }).click();
    await page.getByLabel('跟进内容').fill('还没写完的跟进');
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: '私海客户' }).click();
    await row.getByRole('button', { name: OTHER }).click();
    const detail = page.getByTestId('customer-detail');
    await detail.getByTestId('timeline-call').filter({ hasText: 'A类' }).waitFor();
    assert.equal(await page.getByLabel('跟进内容').inputValue(), '');
    await detail.getByRole('button', { name: '播放录音' }).click();
    const audio = detail.getByTestId('recording');
    await audio.waitFor();
    const duration = await audio.evaluate(
      (el: HTMLAudioElement) =>
        new Promise<number>((resolve) => {
          if (el.readyState >= 1) resolve(el.duration);
          else el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
        }),
    );
    assert.ok(Math.abs(duration - 3) < 0.1, `the 3-second recording loads (${duration} s)`);
    const moves = await detail.getByTestId('timeline-move').allInnerTexts();
    assert.ok(
      moves.some((m) => m.includes('sales_wang')),
      `the transfer is on the timeline: ${moves.join(' | ')}`,
    );
    await shot('customer-transferred-timeline');
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });
});
