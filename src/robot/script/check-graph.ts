import type { NodeCheckContext } from './check-nodes.js';
import { buildScriptGraph, cycles, reachableFrom } from './script-graph.js';
import { ProblemCode } from './script-problems.js';

/** Unreachable nodes (warning), cycles that can never reach a hang-up or transfer, and cycles without a listening node. */
export function checkGraph(ctx: NodeCheckContext): void {
  const { script, problems } = ctx;
  const graph = buildScriptGraph(script);
  const reachable = reachableFrom(graph, graph.roots);
  for (const [id, node] of Object.entries(script.nodes)) {
    if (!reachable.has(id)) {
      problems.warning(
        ProblemCode.unreachableNode,
        `nodes.${id}`,
        `节点「${node.title || id}」从任何流程入口都无法到达`,
        id,
      );
    }
  }
  // Nodes from which a hang-up or transfer can be reached, by walking edges backwards from the terminals.
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of graph.edges) {
    for (const to of tos) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  }
  const terminals = Object.entries(script.nodes)
    .filter(([, n]) => n.kind === 'hangup' || n.kind === 'transfer')
    .map(([id]) => id);
  const canExit = new Set<string>();
  const stack = [...terminals];
  while (stack.length > 0) {
    const id = stack.pop() ?? '';
    if (canExit.has(id)) continue;
    canExit.add(id);
    stack.push(...(reverse.get(id) ?? []));
  }
  for (const component of cycles(graph)) {
    const titles = component.map((id) => script.nodes[id]?.title || id).join(' → ');
    const listens = component.some((id) => {
      const n = script.nodes[id];
      return n?.kind === 'say' && n.listen;
    });
    if (!listens) {
      problems.error(
        ProblemCode.endlessLoop,
        `nodes.${component[0] ?? ''}`,
        `节点循环「${titles}」中没有等待客户回答的节点，会无限循环`,
        component[0],
      );
    } else if (!component.some((id) => canExit.has(id))) {
      problems.error(
        ProblemCode.loopWithoutExit,
        `nodes.${component[0] ?? ''}`,
        `节点循环「${titles}」无法到达挂机或转人工`,
        component[0],
      );
    }
  }
}
