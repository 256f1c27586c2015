import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledNode, CompiledVariant } from '../script/compiled-script.js';
import type { Action } from '../runtime/session-types.js';
import type { NodeContext } from './node-handler.js';
import { nodeHandlers, runNode } from './registry.js';

function context() {
  const spoken: { owner: string; count: number; bargeIn: string }[] = [];
  const actions: Action[] = [];
  const ctx: NodeContext = {
    speak: (owner, variants, bargeIn) => spoken.push({ owner: owner.id, count: variants.length, bargeIn }),
    emit: (action) => actions.push(action),
  };
  return { ctx, spoken, actions };
}

const line: CompiledVariant = { segments: [{ text: '再见' }], audio: undefined };
const base = { title: 't', labels: [] };

describe('node registry', () => {
  it('has a handler for every node kind, registered under its own kind', () => {
    for (const [kind, handler] of Object.entries(nodeHandlers)) assert.equal(handler.kind, kind);
    assert.deepEqual(Object.keys(nodeHandlers).sort(), ['hangup', 'jump', 'say', 'transfer']);
  });

  it('jump goes to its target without speaking', () => {
    const { ctx, spoken } = context();
    assert.deepEqual(runNode(ctx, { ...base, kind: 'jump', id: 'j', target: 'n2' }), {
      type: 'goto',
      target: 'n2',
    });
    assert.equal(spoken.length, 0);
  });

  it('hangup says its closing line without barge-in, then hangs up', () => {
    const { ctx, spoken, actions } = context();
    const node: CompiledNode = { ...base, kind: 'hangup', id: 'h', variants: [line], reason: '结束' };
    assert.deepEqual(runNode(ctx, node), { type: 'end', reason: 'robotHangup' });
    assert.deepEqual(spoken, [{ owner: 'h', count: 1, bargeIn: 'off' }]);
    assert.deepEqual(actions, [{ type: 'hangup', reason: '结束' }]);
  });

  it('transfer hands over to its target', () => {
    const { ctx, actions } = context();
    const node: CompiledNode = { ...base, kind: 'transfer', id: 't', variants: [], target: '坐席组' };
    assert.deepEqual(runNode(ctx, node), { type: 'end', reason: 'transfer' });
    assert.deepEqual(actions, [{ type: 'transfer', target: '坐席组' }]);
  });
});
