import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAt, outcomeOf } from '../../src/robot/corpus/reply-accuracy.js';
import { compileScript, type ToLearnItem } from '../../src/robot/index.js';
import { scriptIds } from '../support/script-factories.js';
import { buildTestApp, call, newTenant } from '../support/test-app.js';

type Body = { code: number; msg: string; data?: unknown; problems?: { path: string }[] };
interface Labelled {
  code: number;
  msg: string;
  data: { id: string; version: number; published_version: number | null };
}
interface Got {
  code: number;
  data: { version: number; definition: { learned: Record<string, string>[] } };
}

const LABEL = '/ext/scripts/to-learn/label';
const MISSED = '娃儿还在吃奶';

describe('ext /ext/scripts/to-learn/label — learning a missed reply', async () => {
  const t = await buildTestApp();
  const s = await newTenant(t, '学习租户');
  const other = await newTenant(t, '旁观租户');
  const list = await call<{ data: { list: { sn: string; project_caption: string }[] } }>(
    t,
    s,
    '/ext/scripts/list',
  );
  const sn = list.data.list.find((r) => r.project_caption === '课程推广-免费试听邀约')!.sn;
  const { teamId, scriptId } = await scriptIds(t, sn);
  const heardAtIntro: ToLearnItem = {
    type: 1,
    typeName: '无法回答',
    robotBefore: '这周末给孩子安排一节免费试听可以吗？',
    heard: MISSED,
    robotAfter: '不好意思，我刚才没太听清楚。',
    nodeId: 'intro',
    nodeTitle: '02课程介绍',
    at: new Date(),
  };
  const [itemId] = await t.app.db.tenant(teamId, (trx) =>
    t.app.services.script.recordToLearn(trx, scriptId, [heardAtIntro]),
  );
  const outcomeIn = async (version: number, text: string) => {
    const got = await call<Got>(t, s, '/ext/scripts/get', { project_sn: sn, version });
    const d = decideAt(compileScript(got.data.definition), 'intro', text);
    return outcomeOf(d.node, d.decision).outcome;
  };

  it('labels a to-learn item with a branch: a new published version matches the reply it missed', async () => {
    assert.equal(await outcomeIn(1, MISSED), 'noMatch');
    const res = await call<Labelled>(t, s, LABEL, {
      project_sn: sn,
      id: itemId,
      branch: 'intro#3',
      publish: 1,
    });
    assert.equal(res.code, 0, res.msg);
    assert.equal(res.msg, '已学习');
    assert.deepEqual([res.data.version, res.data.published_version], [2, 2]);
    const got = await call<Got>(t, s, '/ext/scripts/get', { project_sn: sn });
    assert.deepEqual(got.data.definition.learned, [{ text: MISSED, node: 'intro', branch: 'intro#3' }]);
    assert.equal(await outcomeIn(2, MISSED), 'objection_age');
    assert.equal(await outcomeIn(2, `嗯 我家${MISSED}呢`), 'objection_age');
    const row = await t.app.db.system
      .selectFrom('script_to_learn')
      .select(['learned_version', 'label', 'node_id'])
      .where('id', '=', itemId!)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      learned_version: 2,
      label: { text: MISSED, node: 'intro', branch: 'intro#3' },
      node_id: 'intro',
    });
  });

  it('labelling again with another target replaces the example; without publish the version waits', async () => {
    const res = await call<Labelled>(t, s, LABEL, { project_sn: sn, id: itemId, global: 'who_are_you' });
    assert.equal(res.code, 0, res.msg);
    assert.deepEqual([res.data.version, res.data.published_version], [3, 2]);
    const got = await call<Got>(t, s, '/ext/scripts/get', { project_sn: sn });
    assert.deepEqual(got.data.definition.learned, [{ text: MISSED, node: 'intro', global: 'who_are_you' }]);
    assert.equal(await outcomeIn(3, MISSED), 'global who_are_you');
  });

  it('refuses a label without exactly one existing target, an unknown item and another team', async () => {
    const bad = async (params: Record<string, unknown>, code: number) => {
      const res = await call<Body>(t, s, LABEL, { project_sn: sn, id: itemId, ...params });
      assert.equal(res.code, code, JSON.stringify(params) + res.msg);
      assert.equal(Object.hasOwn(res, 'data'), false);
      return res;
    };
    await bad({}, 20002);
    await bad({ branch: 'intro#3', global: 'who_are_you' }, 20002);
    const dangling = await bad({ branch: 'intro#99' }, 20002);
    assert.deepEqual(
      dangling.problems?.map((p) => p.path),
      ['learned[0].branch'],
    );
    await bad({ asks_sn: 'asks|nope' }, 20002);
    await bad({ id: '999999999', global: 'who_are_you' }, 40004);
    await bad({ id: 'abc', global: 'who_are_you' }, 20002);
    const foreign = await call<Body>(t, other, LABEL, { project_sn: sn, id: itemId, global: 'who_are_you' });
    assert.equal(foreign.code, 40004);
    const versions = await call<{ data: { version: number } }>(t, s, '/ext/scripts/versions', {
      project_sn: sn,
    });
    assert.equal(versions.data.version, 3, 'nothing saved by a refused label');
  });
});
