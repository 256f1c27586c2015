import type { NodeCheckContext } from './check-nodes.js';
import { ProblemCode } from './script-problems.js';
import type { ScriptDefinition } from './script-schema.js';

/** The branch a learned example names at its node: by explicit id or as `<node>#<n>`. */
export function learnedBranchIndex(script: ScriptDefinition, nodeId: string, branch: string): number {
  const node = script.nodes[nodeId];
  if (!node || node.kind !== 'say') return -1;
  return node.branches.findIndex((b, i) => (b.id ?? `${nodeId}#${i + 1}`) === branch);
}

/** Learned examples: exactly one target, and it exists. */
export function checkLearned(ctx: NodeCheckContext): void {
  const { script, problems } = ctx;
  script.learned.forEach((e, i) => {
    const path = `learned[${i}]`;
    const where = `学习样本「${e.text.slice(0, 20)}」`;
    const targets = [e.branch, e.global, e.asks_sn].filter((t) => t !== undefined);
    if (targets.length !== 1) {
      problems.error(
        ProblemCode.missingTarget,
        path,
        `${where}须且只能指定一个去向(分支、全局处理或知识库问题)`,
      );
      return;
    }
    if (e.node !== undefined && script.nodes[e.node]?.kind !== 'say') {
      problems.error(
        ProblemCode.danglingTarget,
        `${path}.node`,
        `${where}的节点「${e.node}」不存在或不听回复`,
      );
    } else if (
      e.branch !== undefined &&
      (e.node === undefined || learnedBranchIndex(script, e.node, e.branch) < 0)
    ) {
      problems.error(ProblemCode.danglingTarget, `${path}.branch`, `${where}指向不存在的分支「${e.branch}」`);
    } else if (e.global !== undefined && !script.globals.some((g) => g.id === e.global)) {
      problems.error(
        ProblemCode.danglingTarget,
        `${path}.global`,
        `${where}指向不存在的全局处理「${e.global}」`,
      );
    } else if (e.asks_sn !== undefined && !script.knowledge.some((k) => k.asks_sn === e.asks_sn)) {
      problems.error(
        ProblemCode.danglingTarget,
        `${path}.asks_sn`,
        `${where}指向不存在的知识库问题「${e.asks_sn}」`,
      );
    }
  });
}
