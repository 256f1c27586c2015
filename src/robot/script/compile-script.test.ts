import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../lib/app-error.js';
import { compileScript } from './compile-script.js';
import { scriptColumns } from './script-columns.js';
import { exportScriptJson, importScriptJson, parseScriptJsonOrThrow } from './script-io.js';
import { ScriptSchema } from './script-schema.js';

const input = {
  version: 1,
  name: '编译测试',
  variables: [{ name: '姓名', default: '您' }, { name: '电话', required: true }, { name: '地址' }],
  flows: [
    { id: 'main', title: '主流程', entry: 'greet' },
    { id: 'side', title: '支线', entry: 'side1' },
  ],
  settings: { voiceBreak: 1, fallback: 'bye' },
  nodes: {
    greet: {
      kind: 'say',
      title: '01打招呼',
      variants: ['{姓名}好'],
      voiceBreak: 0,
      maxNoMatch: 5,
      branches: [
        { kind: 'keywords', keywords: [{ word: 'ＯＫ', synonyms: ['行 吧'] }], target: 'jumpSide' },
        { kind: 'regex', pattern: '(\\d+)号', target: 'bye' },
        { kind: 'affirm', target: 'bye' },
        { kind: 'affirm', target: 'side1' },
        { kind: 'silence', target: 'bye' },
      ],
    },
    jumpSide: { kind: 'jump', title: '跳支线', flow: 'side' },
    side1: {
      kind: 'say',
      title: '支线1',
      variants: ['x'],
      bargeIn: false,
      branches: [{ kind: 'noMatch', target: 'bye' }],
    },
    bye: { kind: 'hangup', title: '结束', variants: ['再见'] },
  },
};

describe('compileScript', () => {
  it('builds the runtime graph: defaults resolved, branches indexed, flows resolved', () => {
    const c = compileScript(input);
    assert.equal(c.mainEntry, 'greet');
    const greet = c.nodes.get('greet');
    assert.ok(greet?.kind === 'say');
    assert.equal(greet.bargeIn, 'keyword');
    assert.equal(greet.maxNoMatch, 5);
    assert.equal(greet.maxRepeat, 2);
    assert.equal(greet.fallback, 'bye');
    assert.equal(greet.intentBranches.get('affirm')?.branch.target, 'bye', 'first affirm branch wins');
    assert.equal(greet.silenceBranch?.branch.target, 'bye');
    assert.equal(greet.regexBranches.length, 1);
    assert.equal(greet.keywordMatcher?.select('ok').length, 1, 'full-width keyword normalized');
    assert.equal(greet.keywordMatcher?.select('行吧').length, 1, 'synonym with a space normalized');
    const jump = c.nodes.get('jumpSide');
    assert.ok(jump?.kind === 'jump');
    assert.equal(jump.target, 'side1');
    const side = c.nodes.get('side1');
    assert.ok(side?.kind === 'say');
    assert.equal(side.bargeIn, 'off');
    assert.equal(c.variableDefaults['姓名'], '您');
    assert.ok(c.gradeRules.length > 5, 'default grading rules appended');
  });

  it('a node whose spoken branches are only 是/不是 is a yes/no question; the end of turn is carried', () => {
    const nodes = (branches: unknown[], extra: object = {}) =>
      compileScript({
        ...input,
        nodes: { ...input.nodes, greet: { ...input.nodes.greet, branches, ...extra } },
      }).nodes.get('greet');
    const yesNo = nodes(
      [
        { kind: 'affirm', target: 'bye' },
        { kind: 'negate', target: 'bye' },
        { kind: 'silence', target: 'bye' },
        { kind: 'dtmf', digits: '1', target: 'bye' },
      ],
      { endOfTurnMs: 800 },
    );
    assert.ok(yesNo?.kind === 'say');
    assert.equal(yesNo.yesNo, true);
    assert.equal(yesNo.endOfTurnMs, 800);
    const open = nodes([
      { kind: 'affirm', target: 'bye' },
      { kind: 'keywords', keywords: ['多少钱'], target: 'bye' },
    ]);
    assert.ok(open?.kind === 'say');
    assert.equal(open.yesNo, false, 'a keyword branch makes the question open');
    assert.equal(open.endOfTurnMs, undefined);
    const none = nodes([{ kind: 'silence', target: 'bye' }]);
    assert.ok(none?.kind === 'say');
    assert.equal(none.yesNo, false, 'no spoken branch: not a question');
  });

  it('throws AppError with every problem when the script is invalid', () => {
    const bad = structuredClone(input) as typeof input & { nodes: Record<string, unknown> };
    bad.nodes.bye = { kind: 'hangup', title: '结束', variants: ['{不存在}'] };
    bad.flows = [{ id: 'main', title: '主', entry: 'none' }, ...bad.flows.slice(1)];
    assert.throws(
      () => compileScript(bad),
      (err: unknown) => {
        assert.ok(err instanceof AppError);
        const problems = err.details?.problems as { code: string; severity: string }[];
        const errors = problems.filter((p) => p.severity === 'error').map((p) => p.code);
        assert.deepEqual(errors.sort(), ['missingEntry', 'unknownVariable']);
        assert.ok(problems.some((p) => p.code === 'duplicateBranch' && p.severity === 'warning'));
        return true;
      },
    );
  });
});

describe('scriptColumns', () => {
  it('lists variables as import columns with * on required ones', () => {
    assert.deepEqual(scriptColumns(ScriptSchema.parse(input)), ['姓名', '*电话', '地址']);
  });
});

describe('script JSON import/export', () => {
  it('round-trips a script through JSON', () => {
    const script = ScriptSchema.parse(input);
    const again = importScriptJson(exportScriptJson(script));
    assert.equal(again.ok, true);
    assert.deepEqual(again.script, script);
  });

  it('fills a missing version on import and reports unparsable JSON as a problem', () => {
    const { version: _v, ...noVersion } = input;
    assert.equal(importScriptJson(JSON.stringify(noVersion)).script?.version, 1);
    const broken = importScriptJson('{"name":');
    assert.equal(broken.ok, false);
    assert.equal(broken.problems[0]?.code, 'schema');
    assert.throws(() => parseScriptJsonOrThrow('{"name":'), AppError);
  });
});
