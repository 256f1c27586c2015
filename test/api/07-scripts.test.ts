import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ToLearnItem } from '../../src/robot/index.js';
import { createScript, scriptIds, smallScript } from '../support/script-factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = { code: number; msg: string } & Record<string, unknown>;
interface Template {
  id: number;
  sn: string;
  project_sn: string;
  project_name: string;
  project_caption: string;
  voice_break: number;
  question_sn: string;
  version: number;
  published_version: number | null;
  created_at: string;
}
interface Knowledge {
  asks_sn: string;
  ask_caption: string;
  ask_title: string;
  asked_times: number;
}

const ASK_PRICE = 'asks|00000000000000000000000000000001';
const ASK_SPEED = 'asks|00000000000000000000000000000002';

describe('7.1–7.8 script templates, hot questions and the to-learn list', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '话术模板');
  const other = await newTenant(t, '另一团队');
  const broadband = await createScript(t, s, smallScript(), { project_name: '运营商' });
  const sn = broadband.data.project_sn;
  const { teamId, scriptId } = await scriptIds(t, sn);
  await createScript(t, s, smallScript({ name: '草稿话术' }), { publish: false });

  it('7.1 lists published templates as {code,msg,data,total}, 5 a page, newest first', async () => {
    const res = await call<Body & { data: Template[]; total: number }>(t, s, '/api/templatelist');
    assert.deepEqual(Object.keys(res), ['code', 'msg', 'data', 'total']);
    assert.equal(res.code, 0);
    assert.equal(res.total, 3, 'two demo templates and one published script; the draft is not listed');
    const first = res.data[0]!;
    assert.equal(first.sn, sn);
    assert.equal(first.project_sn, sn);
    assert.equal(first.project_caption, '宽带续费提醒');
    assert.equal(first.project_name, '运营商');
    assert.equal(first.voice_break, 1);
    assert.equal(first.question_sn, broadband.data.question_sn);
    assert.equal(first.version, 1);
    assert.equal(first.published_version, 1);
    assert.match(first.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const page = await call<{ data: Template[]; total: number }>(t, s, '/api/templatelist', {
      pageIndex: '1',
      pageSize: '2',
    });
    assert.equal(page.total, 3);
    assert.equal(page.data.length, 1);
  });

  it('7.1 filters by voice_break and by name (project_name or caption)', async () => {
    const keyword = await call<{ data: Template[] }>(t, s, '/api/templatelist', { voice_break: 0 });
    assert.deepEqual(
      keyword.data.map((d) => d.project_caption),
      ['课程推广-免费试听邀约'],
    );
    const byName = await call<{ data: Template[]; total: number }>(t, s, '/api/templatelist', {
      project_name: '运营',
    });
    assert.deepEqual([byName.total, byName.data[0]?.sn], [1, sn]);
    const byCaption = await call<{ total: number }>(t, s, '/api/templatelist', { project_name: '还款' });
    assert.equal(byCaption.total, 1);
    const none = await call<{ data: Template[]; total: number }>(t, other, '/api/templatelist', {
      project_name: '宽带',
    });
    assert.deepEqual([none.total, none.data], [0, []]);
  });

  it('7.2 returns knowledge items with asked_times and the template as `task`; parent_sn works too', async () => {
    const res = await call<Body & { data: Knowledge[]; task: Template }>(t, s, '/api/templatedata', {
      project_sn: sn,
    });
    assert.equal(res.code, 0);
    assert.deepEqual(res.data, [
      { asks_sn: ASK_PRICE, ask_caption: '八折后每月八十元。', ask_title: '价格', asked_times: 0 },
      { asks_sn: ASK_SPEED, ask_caption: '套餐是千兆宽带。', ask_title: '网速', asked_times: 0 },
    ]);
    assert.equal(res.task.sn, sn);
    assert.equal(typeof res.task.id, 'number');
    const alias = await call<{ task: Template }>(t, s, '/api/templatedata', { parent_sn: sn });
    assert.equal(alias.task.sn, sn);
    assert.equal((await call<Body>(t, s, '/api/templatedata', {})).code, 20002);
    assert.equal((await call<Body>(t, other, '/api/templatedata', { project_sn: sn })).code, 40004);
  });

  it('counts knowledge hits from calls: 7.2 asked_times and 7.3 hot questions by count', async () => {
    const scripts = t.app.services.script;
    await t.app.db.tenant(teamId, (trx) =>
      scripts.recordKnowledgeHits(trx, scriptId, [
        { asks_sn: ASK_SPEED, count: 2 },
        { asks_sn: ASK_PRICE, count: 1 },
      ]),
    );
    // The dialer may write from a system transaction: the team comes from the script row.
    await t.app.db.system
      .transaction()
      .execute((trx) => scripts.recordKnowledgeHits(trx, scriptId, [{ asks_sn: ASK_SPEED, count: 3 }]));
    const data = await call<{ data: Knowledge[] }>(t, s, '/api/templatedata', { project_sn: sn });
    assert.deepEqual(
      data.data.map((k) => [k.ask_title, k.asked_times]),
      [
        ['价格', 1],
        ['网速', 5],
      ],
    );
    const hot = await call<Body & { data: Knowledge[]; total: number }>(t, s, '/api/hotQuestions', {
      project_sn: sn,
    });
    assert.equal(hot.code, 0);
    assert.equal(hot.total, 2);
    assert.deepEqual(
      hot.data.map((k) => [k.asks_sn, k.ask_title, k.ask_caption, k.asked_times]),
      [
        [ASK_SPEED, '网速', '套餐是千兆宽带。', 5],
        [ASK_PRICE, '价格', '八折后每月八十元。', 1],
      ],
    );
    const second = await call<{ data: Knowledge[] }>(t, s, '/api/hotQuestions', {
      project_sn: sn,
      pageIndex: 1,
      pageSize: 1,
    });
    assert.deepEqual(
      second.data.map((k) => k.ask_title),
      ['价格'],
    );
    assert.equal((await call<Body>(t, other, '/api/hotQuestions', { project_sn: sn })).code, 40004);
  });

  it('7.5 lists to-learn items from calls and 7.6 adds one by hand', async () => {
    const item: ToLearnItem = {
      type: 1,
      typeName: '无法回答',
      robotBefore: '现在续费可以打八折，需要帮您办理吗？',
      heard: '你们公司在哪里',
      robotAfter: '不好意思，我刚才没太听明白。',
      nodeId: 'offer',
      nodeTitle: '02续费',
      at: new Date(),
    };
    const ids = await t.app.db.tenant(teamId, (trx) =>
      t.app.services.script.recordToLearn(trx, scriptId, [item], { accountsSn: 'account|abc' }),
    );
    assert.equal(ids.length, 1);
    const added = await call<Body & { data: { id: number } }>(t, s, '/api/speechSaveapi', {
      project_sn: sn,
      type: '2',
      desc: '手工添加',
      context_above: '请问是张先生吗？',
      context_follow: '我在开车',
      answer_above: '好的，那我稍后再联系您。',
      accounts_sn: 'account|def',
    });
    assert.equal(added.code, 0, added.msg);
    assert.equal(added.msg, '添加成功');
    assert.equal(typeof added.data.id, 'number');

    const list = await call<{ total: number; data: Record<string, unknown>[] }>(
      t,
      s,
      '/api/speechListsDataapi',
      {
        project_sn: sn,
      },
    );
    assert.deepEqual(Object.keys(list), ['total', 'data']);
    assert.equal(list.total, 2);
    const [manual, fromCall] = list.data;
    assert.deepEqual(
      {
        id: manual!.id,
        type: manual!.type,
        type_name: manual!.type_name,
        speech_sn: manual!.speech_sn,
        context_above: manual!.context_above,
        answer_above: manual!.answer_above,
        context_follow: manual!.context_follow,
        desc: manual!.desc,
        client: manual!.client,
        account: manual!.account,
        accounts_sn: manual!.accounts_sn,
      },
      {
        id: added.data.id,
        type: 2,
        type_name: '答非所问',
        speech_sn: sn,
        context_above: '请问是张先生吗？',
        answer_above: '好的，那我稍后再联系您。',
        context_follow: '我在开车',
        desc: '手工添加',
        client: s.user_name,
        account: s.user_name,
        accounts_sn: 'account|def',
      },
    );
    assert.match(String(manual!.speech), new RegExp(`^宽带续费提醒\\|\\d{14}\\|${s.user_name}$`));
    assert.equal(fromCall!.type_name, '无法回答');
    assert.equal(fromCall!.context_above, item.robotBefore);
    assert.equal(fromCall!.context_follow, item.heard);
    assert.equal(fromCall!.answer_above, item.robotAfter);
    assert.equal(fromCall!.node_title, '02续费');
    const onlyType1 = await call<{ total: number }>(t, s, '/api/speechListsDataapi', {
      project_sn: sn,
      type: 1,
    });
    assert.equal(onlyType1.total, 1);
    assert.equal((await call<Body>(t, other, '/api/speechListsDataapi', { project_sn: sn })).code, 40004);
  });

  it('7.6 refuses a bad type, an empty item and an unknown template', async () => {
    assert.equal(
      (await call<Body>(t, s, '/api/speechSaveapi', { project_sn: sn, type: 4, context_follow: 'x' })).code,
      20002,
    );
    assert.equal((await call<Body>(t, s, '/api/speechSaveapi', { project_sn: sn, type: 1 })).code, 20002);
    const foreign = await call<Body>(t, other, '/api/speechSaveapi', {
      project_sn: sn,
      type: 1,
      context_follow: 'x',
    });
    assert.equal(foreign.code, 40004);
  });

  it('7.8 lists published templates for a dropdown with the reference fields only', async () => {
    const res = await call<Body & { data: Record<string, unknown>[] }>(t, s, '/api/getProjects');
    assert.equal(res.code, 0);
    assert.equal(res.msg, '获取成功');
    assert.equal(res.data.length, 3);
    assert.deepEqual(res.data[0], {
      project_sn: sn,
      project_name: '运营商',
      project_caption: '宽带续费提醒',
      question_sn: broadband.data.question_sn,
    });
    const otherList = await call<{ data: { project_sn: string }[] }>(t, other, '/api/getProjects');
    assert.ok(!otherList.data.some((p) => p.project_sn === sn));
  });
});
