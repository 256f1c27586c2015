import { describe, expect, it } from 'vitest';
import type { ScriptProblem } from '../../api/scripts';
import {
  connect,
  disconnect,
  linksOf,
  positionsOf,
  problemsByNode,
  starterScript,
  withNode,
} from './script-graph';

describe('the script as a graph', () => {
  it('links branches, next and jump targets, and lays out unsaved nodes by depth from the entry', () => {
    const doc = withNode(starterScript('t'), 'hop', { kind: 'jump', title: '跳', target: 'greet' });
    expect(linksOf(doc).map((l) => `${l.source}>${l.target}:${l.handle}`)).toEqual([
      'greet>bye:b0',
      'hop>greet:target',
    ]);
    const at = positionsOf({ ...doc, layout: { bye: { x: 5, y: 6 } } });
    expect(at.greet).toEqual({ x: 0, y: 0 });
    expect(at.bye).toEqual({ x: 5, y: 6 });
    expect(at.hop!.x).toBeGreaterThan(0);
  });

  it('connects from the new-branch handle with the first kind the node lacks, re-aims and removes links', () => {
    let doc = withNode(starterScript('t'), 'offer', { kind: 'say', title: '报价', variants: ['八折'] });
    doc = connect(doc, 'greet', 'new', 'offer');
    expect(doc.nodes.greet!.branches).toEqual([
      { kind: 'affirm', target: 'bye' },
      { kind: 'negate', target: 'offer' },
    ]);
    doc = connect(doc, 'greet', 'b0', 'offer');
    expect(doc.nodes.greet!.branches![0]!.target).toBe('offer');
    doc = disconnect(doc, 'greet|b1');
    expect(doc.nodes.greet!.branches).toHaveLength(1);
  });

  it('removing a node drops the branches leading to it', () => {
    const doc = withNode(starterScript('t'), 'bye', undefined);
    expect(doc.nodes.bye).toBeUndefined();
    expect(doc.nodes.greet!.branches).toEqual([]);
  });

  it('groups problems by node id, or by the nodes.<id> path, the rest under ""', () => {
    const p = (path: string, nodeId?: string): ScriptProblem => ({
      code: 'x',
      severity: 'error',
      path,
      message: path,
      nodeId,
    });
    const map = problemsByNode([p('nodes.a.branches.0', 'a'), p('nodes.b.variants'), p('globals.0.target')]);
    expect([...map.keys()]).toEqual(['a', 'b', '']);
  });
});
