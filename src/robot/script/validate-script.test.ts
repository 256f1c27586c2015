import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateScript } from './validate-script.js';

/** A script document as JSON, loosely typed so tests can break it. */
interface Doc {
  version: number;
  flows: unknown[];
  settings: Record<string, unknown>;
  nodes: Record<string, Record<string, unknown>>;
  globals?: unknown[];
  knowledge?: unknown[];
  [key: string]: unknown;
}

/** A small valid script: greet → (yes) offer → hang up; (no) hang up. */
function tiny(): Doc {
  return {
    version: 1,
    name: '测试话术',
    variables: [{ name: '姓名' }, { name: '电话', required: true }],
    flows: [{ id: 'main', title: '主流程', entry: 'greet' }],
    settings: { fallback: 'bye' },
    nodes: {
      greet: {
        kind: 'say',
        title: '01打招呼+开场白',
        variants: ['您好，请问是{姓名}吗？'],
        branches: [
          { kind: 'affirm', target: 'offer' },
          { kind: 'refuse', target: 'bye' },
        ],
      },
      offer: {
        kind: 'say',
        title: '02介绍',
        variants: ['我们有个活动，您感兴趣吗？'],
        branches: [
          { kind: 'keywords', keywords: ['感兴趣', { word: '想了解', synonyms: ['说说'] }], target: 'bye' },
        ],
      },
      bye: { kind: 'hangup', title: '03结束', variants: ['再见'] },
    },
  };
}

const codes = (input: unknown) => validateScript(input).problems.map((p) => p.code);

describe('validateScript', () => {
  it('accepts a valid script with no problems', () => {
    const r = validateScript(tiny());
    assert.deepEqual(r.problems, []);
    assert.equal(r.ok, true);
    assert.equal(r.script?.nodes.greet?.kind, 'say');
  });

  it('reports a dangling branch target with its path', () => {
    const s = tiny();
    (s.nodes.greet!.branches as { target: string }[])[0]!.target = 'nowhere';
    const r = validateScript(s);
    assert.equal(r.ok, false);
    const p = r.problems.find((x) => x.code === 'danglingTarget');
    assert.equal(p?.path, 'nodes.greet.branches[0].target');
    assert.equal(p?.nodeId, 'greet');
    assert.match(p?.message ?? '', /nowhere/);
  });

  it('reports unreachable nodes as warnings (the script stays valid)', () => {
    const s = tiny();
    s.nodes.orphan = { kind: 'hangup', title: '孤立节点' };
    const r = validateScript(s);
    assert.equal(r.ok, true);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.nodeId]),
      [['unreachableNode', 'warning', 'orphan']],
    );
  });

  it('reports a loop from which no hang-up or transfer can be reached', () => {
    const s = tiny();
    s.settings = {};
    s.nodes.a = { kind: 'say', title: 'A', variants: ['a'], branches: [{ kind: 'affirm', target: 'b' }] };
    s.nodes.b = { kind: 'say', title: 'B', variants: ['b'], branches: [{ kind: 'affirm', target: 'a' }] };
    (s.nodes.offer!.branches as unknown[]).push({ kind: 'negate', target: 'a' });
    assert.ok(codes(s).includes('loopWithoutExit'));
  });

  it('accepts a loop with an exit, and reports a jump-only loop as endless', () => {
    const s = tiny();
    (s.nodes.offer!.branches as unknown[]).push({ kind: 'repeat', target: 'greet' });
    assert.deepEqual(codes(s), []);
    s.nodes.j1 = { kind: 'jump', title: 'J1', target: 'j2' };
    s.nodes.j2 = { kind: 'jump', title: 'J2', target: 'j1' };
    (s.nodes.offer!.branches as unknown[]).push({ kind: 'busy', target: 'j1' });
    assert.ok(codes(s).includes('endlessLoop'));
  });

  it('reports empty branches: keywords without words, regex without pattern, intent without name', () => {
    const s = tiny();
    s.nodes.offer!.branches = [
      { kind: 'keywords', keywords: ['  ', { word: '', synonyms: [] }], target: 'bye' },
      { kind: 'regex', target: 'bye' },
      { kind: 'intent', target: 'bye' },
      { kind: 'dtmf', digits: 'x', target: 'bye' },
    ];
    assert.deepEqual(codes(s), ['emptyBranch', 'emptyBranch', 'emptyBranch', 'emptyBranch']);
  });

  it('reports bad patterns and unknown intents', () => {
    const s = tiny();
    s.nodes.offer!.branches = [
      { kind: 'regex', pattern: '(unclosed', target: 'bye' },
      { kind: 'keywords', keywords: ['(电话|号码'], target: 'bye' },
      { kind: 'intent', intent: 'wants_pizza', target: 'bye' },
    ];
    assert.deepEqual(codes(s), ['invalidPattern', 'invalidPattern', 'unknownIntent']);
  });

  it('reports unknown variables in any robot line', () => {
    const s = tiny();
    s.nodes.bye!.variants = ['再见，{称呼}'];
    const r = validateScript(s);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.path]),
      [['unknownVariable', 'nodes.bye.variants[0].text']],
    );
  });

  it('reports a missing entry and a missing main flow', () => {
    const s = tiny();
    s.flows = [{ id: 'main', title: '主流程', entry: 'ghost' }];
    assert.ok(codes(s).includes('missingEntry'));
    s.flows = [];
    assert.ok(codes(s).includes('missingEntry'));
  });

  it('returns the complete list when a script has many problems', () => {
    const s = tiny();
    s.nodes.greet!.variants = [];
    s.nodes.greet!.branches = [
      { kind: 'affirm', target: 'x1' },
      { kind: 'keywords', keywords: [], target: 'bye' },
    ];
    s.nodes.bye!.variants = ['{未知}'];
    s.nodes.broken = { kind: 'say' };
    s.globals = [{ id: 'g', title: '空的全局', variants: ['嗯'] }];
    const found = new Set<string>(codes(s));
    for (const code of ['emptyLine', 'danglingTarget', 'emptyBranch', 'unknownVariable', 'schema']) {
      assert.ok(found.has(code), `${code} missing from ${[...found].join(',')}`);
    }
  });

  it('reports shape errors per node with their path, without throwing on garbage', () => {
    const s = tiny();
    s.nodes.bad = { kind: 'teleport', title: 'X' };
    const r = validateScript(s);
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => p.code === 'schema' && p.path.startsWith('nodes.bad')));
    for (const garbage of [null, 42, 'text', [], { version: 'one' }]) {
      const g = validateScript(garbage);
      assert.equal(g.ok, false);
      assert.ok(g.problems.length > 0);
    }
  });

  it('rejects a format version newer than supported', () => {
    const s = tiny();
    s.version = 99;
    assert.ok(codes(s).includes('unsupportedVersion'));
  });

  it('checks global handlers and knowledge items', () => {
    const s = tiny();
    s.globals = [
      { id: 'who', title: '身份', intents: ['who_are_you'], variants: ['我是小林'], then: 'goto' },
    ];
    s.knowledge = [
      { asks_sn: 'asks|1', ask_title: '地址', ask_caption: '在{城市}', keywords: ['地址'] },
      { asks_sn: 'asks|1', ask_title: '空', ask_caption: '嗯' },
    ];
    assert.deepEqual(codes(s).sort(), ['duplicateId', 'emptyBranch', 'missingTarget', 'unknownVariable']);
  });
});
