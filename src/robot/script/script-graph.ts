import type { ScriptDefinition, ScriptNode } from './script-schema.js';

/**
 * The script as a directed graph of node ids, for reachability and loop checks. Edges: branch targets, `next`,
 * jumps, fallbacks (the node's or the script default), and from every listening node to the targets of global
 * handlers and knowledge items that `goto` (they apply at any listening node).
 */
export interface ScriptGraph {
  readonly edges: ReadonlyMap<string, readonly string[]>;
  readonly roots: readonly string[];
}

/** Node ids a node can lead to directly (before global handlers). */
export function nodeTargets(script: ScriptDefinition, node: ScriptNode): string[] {
  const flowEntry = (flowId: string | undefined): string | undefined =>
    script.flows.find((f) => f.id === flowId)?.entry;
  switch (node.kind) {
    case 'say': {
      const out = node.branches.map((b) => b.target);
      if (!node.listen && node.next) out.push(node.next);
      if (node.listen) {
        const fallback = node.fallback ?? script.settings.fallback;
        if (fallback) out.push(fallback);
      }
      return out;
    }
    case 'jump': {
      const target = node.target ?? flowEntry(node.flow);
      return target ? [target] : [];
    }
    case 'hangup':
    case 'transfer':
      return [];
  }
}

/** Builds the graph; targets that do not exist are left out (validation reports them separately). */
export function buildScriptGraph(script: ScriptDefinition): ScriptGraph {
  const anywhere = [
    ...script.globals.filter((g) => g.then === 'goto' && g.target).map((g) => g.target ?? ''),
    ...script.knowledge.filter((k) => k.then === 'goto' && k.target).map((k) => k.target ?? ''),
  ].filter((id) => id in script.nodes);
  const edges = new Map<string, string[]>();
  for (const [id, node] of Object.entries(script.nodes)) {
    const direct = nodeTargets(script, node).filter((t) => t in script.nodes);
    const listening = node.kind === 'say' && node.listen;
    edges.set(id, [...new Set(listening ? [...direct, ...anywhere] : direct)]);
  }
  const roots = [...script.flows.map((f) => f.entry), ...anywhere].filter((id) => id in script.nodes);
  return { edges, roots: [...new Set(roots)] };
}

/** Every node reachable from the roots. */
export function reachableFrom(graph: ScriptGraph, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of graph.edges.get(id) ?? []) if (!seen.has(next)) stack.push(next);
  }
  return seen;
}

/** Strongly connected components (Tarjan, iterative) that contain a cycle. */
export function cycles(graph: ScriptGraph): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const start of graph.edges.keys()) {
    if (indexOf.has(start)) continue;
    const work: { id: string; i: number }[] = [{ id: start, i: 0 }];
    indexOf.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const next = graph.edges.get(frame.id) ?? [];
      if (frame.i < next.length) {
        const w = next[frame.i++] ?? '';
        if (!indexOf.has(w)) {
          indexOf.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, indexOf.get(w) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === indexOf.get(frame.id)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        const selfLoop = component.length === 1 && (graph.edges.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) out.push(component.reverse());
      }
    }
  }
  return out;
}
