import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScriptInput } from './script/script-schema.js';
import { compileScript } from './script/compile-script.js';
import { createSession } from './session.js';

const script = (ask: ScriptInput['nodes'][string]): ScriptInput => ({
  version: 1,
  name: '识别测试',
  flows: [{ id: 'main', title: '主流程', entry: 'ask' }],
  nodes: {
    ask,
    again: { kind: 'say', title: '换个说法', variants: ['我换个说法，您需要吗？'], branches: [] },
    bye: { kind: 'hangup', title: '结束', variants: ['好的，再见'] },
  },
  settings: { fallback: 'bye', maxNotRecognised: 1 },
});

const spoken = (actions: readonly { type: string; text?: string }[]) =>
  actions.filter((a) => a.type === 'say').map((a) => a.text);

describe('speech that was not recognised', () => {
  it('repeats the node after the not-recognised prompt, then takes the fallback past the maximum', () => {
    const s = createSession(
      compileScript(script({ kind: 'say', title: '询问', variants: ['您需要吗？'], branches: [] })),
    );
    s.start();
    const first = s.onNotRecognised('readTimeout');
    assert.deepEqual(spoken(first), ['不好意思，刚才没听清楚，您能再说一遍吗？', '您需要吗？']);
    assert.equal(first.at(-1)?.type, 'listen');
    const second = s.onNotRecognised('providerError');
    assert.deepEqual(spoken(second), ['好的，再见']);
    assert.equal(second.at(-1)?.type, 'hangup');
    const result = s.onHangup('robot');
    assert.equal(result.counters.notRecognisedCount, 2);
    assert.equal(result.counters.silenceCount, 0, 'never counted as silence');
    const turn = result.turns.find((t) => t.match?.kind === 'notRecognised');
    assert.equal(turn?.match?.reason, 'readTimeout');
    assert.equal(turn?.heard, '');
  });

  it("takes the node's notRecognised branch when it has one", () => {
    const s = createSession(
      compileScript(
        script({
          kind: 'say',
          title: '询问',
          variants: ['您需要吗？'],
          branches: [{ kind: 'notRecognised', target: 'again' }],
        }),
      ),
    );
    s.start();
    assert.deepEqual(spoken(s.onNotRecognised('connectionClosed')), ['我换个说法，您需要吗？']);
    const turn = s.onHangup('callee').turns.find((t) => t.match?.kind === 'notRecognised');
    assert.equal(turn?.match?.target, 'again');
  });
});
