// Operator console, end to end in Chromium: a script edited on the canvas — a node added and connected by
// dragging, a validation problem drawn on the node it concerns, saved and published as a new version — and a
// conversation with it in the test panel over the 7.4 websocket (the console session, no api_key).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  apiCall,
  apiLogin,
  chooseOption,
  closeDrawer,
  newConsolePage,
  openBrowser,
  signIn,
  startConsoleServer,
} from '../support/console-e2e.js';

/** Drags with the mouse from the centre of one element to the centre of another (React Flow connects on release). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  assert.ok(a && b, 'both ends are on screen');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

describe('console: scripts on the canvas', async () => {
  const server = await startConsoleServer();
  const { page, shot, errors } = await newConsolePage(await openBrowser(), 'scripts');

  it('lists the scripts and creates a new one that opens on the canvas', async () => {
    await signIn(page, server.base, server.user.user_name, server.user.password);
    await page.getByRole('menuitem', { name: '话术' }).click();
    await page.getByTestId('scripts-page').getByText('课程推广-免费试听邀约').first().waitFor();
    await shot('scripts-list');
    await page.getByRole('button', { name: '新建话术' }).click();
    await page.getByLabel('话术名称').fill('宽带续费测试');
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('node-greet').waitFor();
    await page.getByTestId('node-bye').waitFor();
    await page.getByText('校验通过').waitFor();
    await shot('script-new-canvas');
  });

  it('adds a node, shows a validation problem on it, connects it by dragging and publishes', async () => {
    await page.getByRole('button', { name: '添加节点' }).hover();
    await page.getByRole('menuitem', { name: '说话节点' }).click();
    const added = page.getByTestId('node-say_3');
    await added.waitFor();
    await page.getByLabel('节点标题').fill('02续费优惠');
    await page.getByLabel('节点话术').fill('现在续费可以打八折，需要帮您办理吗？');
    // An empty keyword branch leading nowhere: the problem is drawn on this node, and publishing is blocked.
    await page.getByRole('button', { name: '添加分支' }).click();
    const problem = page.getByTestId('node-problems-say_3').filter({ hasText: '没有关键词' });
    await problem.waitFor();
    assert.equal(await page.getByRole('button', { name: '保存并发布' }).isDisabled(), true);
    await shot('script-node-problem');
    await page.getByRole('button', { name: '删除分支1' }).click();
    await problem.waitFor({ state: 'detached' });
    // Not reachable from the entry yet: a warning on the node until it is connected.
    await page.getByTestId('node-problems-say_3').filter({ hasText: '无法到达' }).waitFor();

    // greet's "new branch" handle dragged onto the new node's input: a 否定 branch greet → say_3.
    await drag(
      page,
      page.getByTestId('node-greet').locator('.react-flow__handle[data-handleid="new"]'),
      added.locator('.react-flow__handle.target'),
    );
    await page.locator('.react-flow__edge[data-id="greet|b1"]').waitFor({ state: 'attached' });
    await page
      .getByTestId('node-problems-say_3')
      .filter({ hasText: '无法到达' })
      .waitFor({ state: 'detached' });
    await shot('script-connected');

    await page.getByRole('button', { name: '保存并发布' }).click();
    await page.getByText('已保存为版本 v2,已发布').waitFor();
    await page.getByRole('button', { name: '版本' }).click();
    const v2 = page.getByTestId('versions').getByRole('row').filter({ hasText: 'v2' });
    await v2.getByText('已发布').waitFor();
    await shot('script-versions');
    await page.keyboard.press('Escape');

    const key = await apiLogin(server.base, server.user.user_name, server.user.password);
    const projects = await apiCall<{ data: { project_caption: string; project_sn: string }[] }>(
      server.base,
      '/api/getProjects',
      key,
    );
    const sn = projects.data.find((p) => p.project_caption === '宽带续费测试')?.project_sn;
    assert.ok(sn, 'the published script is offered to tasks (7.8)');
    const got = await apiCall<{
      data: {
        version: number;
        definition: {
          nodes: Record<string, { title: string; branches?: { kind: string; target: string }[] }>;
        };
      };
    }>(server.base, '/ext/scripts/get', { ...key, project_sn: sn });
    assert.equal(got.data.version, 2);
    assert.equal(got.data.definition.nodes.say_3?.title, '02续费优惠');
    assert.deepEqual(got.data.definition.nodes.greet?.branches?.[1], {
      kind: 'negate',
      target: 'say_3',
      priority: 0,
      labels: [],
    });
  });

  it('labels a to-learn item with the branch it should have led to, as a new published version', async () => {
    const key = await apiLogin(server.base, server.user.user_name, server.user.password);
    const projects = await apiCall<{ data: { project_caption: string; project_sn: string }[] }>(
      server.base,
      '/api/getProjects',
      key,
    );
    const sn = projects.data.find((p) => p.project_caption === '宽带续费测试')!.project_sn;
    const filed = await apiCall<{ code: number }>(server.base, '/api/speechSaveapi', {
      ...key,
      project_sn: sn,
      type: 1,
      context_above: '您好，请问是您吗？',
      context_follow: '你打错了吧',
    });
    assert.equal(filed.code, 0, JSON.stringify(filed));
    await page.getByRole('tab', { name: '待学习与热点问题' }).click();
    const row = page.getByTestId('to-learn').getByRole('row').filter({ hasText: '你打错了吧' });
    await row.getByRole('button', { name: '标注' }).click();
    await chooseOption(page, page.getByLabel('标注节点'), '01开场白 (greet)');
    await chooseOption(page, page.getByLabel('标注分支'), '2. 否定 → say_3');
    await page.getByText('学习后立即发布新版本').click();
    await shot('script-label-to-learn');
    await page.getByRole('button', { name: /学\s*习/ }).click();
    await page.getByText('已学习,保存为版本 v3并已发布').waitFor();
    const got = await apiCall<{ data: { version: number; definition: { learned: unknown[] } } }>(
      server.base,
      '/ext/scripts/get',
      { ...key, project_sn: sn },
    );
    assert.equal(got.data.version, 3);
    assert.deepEqual(got.data.definition.learned, [{ text: '你打错了吧', node: 'greet', branch: 'greet#2' }]);
    await page.getByRole('tab', { name: '流程画布' }).click();
  });

  it('talks to the script in the test panel', async () => {
    await page.getByRole('button', { name: '测试对话' }).click();
    await page.getByRole('button', { name: '开始测试' }).click();
    const chat = page.getByTestId('test-chat');
    await chat.getByTestId('robot-line').first().filter({ hasText: '请问是' }).waitFor();
    await page.getByLabel('客户说').fill('不是');
    await page.getByLabel('客户说').press('Enter');
    await chat.getByTestId('robot-line').filter({ hasText: '打八折' }).waitFor();
    await shot('script-test-chat');
    await closeDrawer(page);
  });

  it('edits a global handler and a knowledge Q&A, both still there after a reload', async () => {
    await page.getByRole('button', { name: '话术列表' }).click();
    await page
      .getByTestId('scripts-page')
      .getByRole('row')
      .filter({ hasText: '课程推广-免费试听邀约' })
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await page.getByTestId('script-editor').waitFor();
    const globalReply = '您的号码来自您在活动现场填写的报名表，如有打扰请见谅。';
    const knowledgeReply = '上课地点在市中心校区，地铁二号线出口旁边。';
    await editAnswer('全局处理', 'globals-panel', '号码来源', globalReply, '哪来的号码');
    await editAnswer('知识库', 'knowledge-panel', '上课地点', knowledgeReply);
    await shot('script-answers-edited');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText(/已保存为版本 v\d+/).waitFor();

    await page.reload();
    await page.getByTestId('script-editor').waitFor();
    await page.getByRole('tab', { name: '全局处理' }).click();
    const handler = page.getByTestId('globals-panel').getByRole('row').filter({ hasText: '号码来源' });
    await handler.getByText(globalReply).waitFor();
    await handler.getByText('哪来的号码', { exact: true }).waitFor();
    await page.getByRole('tab', { name: '知识库' }).click();
    const qa = page.getByTestId('knowledge-panel').getByRole('row').filter({ hasText: '上课地点' });
    await qa.getByText(knowledgeReply).waitFor();
    await shot('script-answers-after-reload');

    const key = await apiLogin(server.base, server.user.user_name, server.user.password);
    const projects = await apiCall<{ data: { project_caption: string; project_sn: string }[] }>(
      server.base,
      '/api/getProjects',
      key,
    );
    const sn = projects.data.find((p) => p.project_caption === '课程推广-免费试听邀约')!.project_sn;
    const got = await apiCall<{
      data: {
        definition: {
          globals: { title: string; variants: (string | { text: string })[]; keywords?: string[] }[];
          knowledge: { ask_title: string; ask_caption: string }[];
        };
      };
    }>(server.base, '/ext/scripts/get', { ...key, project_sn: sn });
    const saved = got.data.definition;
    const savedHandler = saved.globals.find((g) => g.title === '号码来源');
    assert.deepEqual(
      savedHandler?.variants.map((v) => (typeof v === 'string' ? v : v.text)),
      [globalReply],
    );
    assert.ok(savedHandler?.keywords?.includes('哪来的号码'), 'the keyword added in the dialog');
    assert.equal(saved.knowledge.find((k) => k.ask_title === '上课地点')?.ask_caption, knowledgeReply);
    assert.deepEqual(errors, [], 'no script errors on the pages');
  });

  /** Opens a row of the global-handler or knowledge tab in its edit dialog, replaces the answer and saves it. */
  async function editAnswer(tab: string, panel: string, title: string, reply: string, keyword?: string) {
    await page.getByRole('tab', { name: tab }).click();
    await page
      .getByTestId(panel)
      .getByRole('row')
      .filter({ hasText: title })
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    const dialog = page.getByRole('dialog').filter({ hasText: '机器人回答' });
    await dialog.getByLabel('机器人回答').fill(reply);
    if (keyword) {
      await dialog.getByLabel('关键词(回车添加)').fill(keyword);
      await dialog.getByLabel('关键词(回车添加)').press('Enter');
      await dialog
        .locator('.ant-select-selection-item-content')
        .getByText(keyword, { exact: true })
        .waitFor();
    }
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId(panel).getByRole('row').filter({ hasText: title }).getByText(reply).waitFor();
  }
});
