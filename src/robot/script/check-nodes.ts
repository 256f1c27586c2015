import type { Branch, ScriptDefinition, ScriptNode, SayNode } from './script-schema.js';
import { ProblemCode, type ProblemList } from './script-problems.js';
import { checkIntents, checkKeywords, checkRegex, keywordPhrases } from './check-matchers.js';

/** Kinds that can appear only once per node: a second one could never be taken. */
const SINGLE_KINDS = new Set([
  'affirm',
  'negate',
  'refuse',
  'busy',
  'hesitate',
  'repeat',
  'silence',
  'noMatch',
  'notRecognised',
]);

interface Ctx {
  readonly script: ScriptDefinition;
  readonly problems: ProblemList;
  /** Every node id present, including nodes whose shape is invalid. */
  readonly nodeIds: ReadonlySet<string>;
  readonly customIntents: ReadonlySet<string>;
}

const label = (id: string, node: { title: string }): string => `节点「${node.title || id}」`;

function checkTarget(
  ctx: Ctx,
  target: string | undefined,
  path: string,
  where: string,
  nodeId: string,
): void {
  if (target === undefined || target === '') {
    ctx.problems.error(ProblemCode.missingTarget, path, `${where}没有指定跳转节点`, nodeId);
  } else if (!ctx.nodeIds.has(target)) {
    ctx.problems.error(ProblemCode.danglingTarget, path, `${where}指向不存在的节点「${target}」`, nodeId);
  }
}

function checkBranch(ctx: Ctx, id: string, node: SayNode, branch: Branch, i: number): void {
  const path = `nodes.${id}.branches[${i}]`;
  const where = `${label(id, node)}的第${i + 1}个分支`;
  checkTarget(ctx, branch.target, `${path}.target`, where, id);
  switch (branch.kind) {
    case 'keywords':
      if (keywordPhrases(branch.keywords).length === 0) {
        ctx.problems.error(ProblemCode.emptyBranch, `${path}.keywords`, `${where}没有关键词`, id);
      }
      checkKeywords(ctx.problems, branch.keywords, `${path}.keywords`, where, id);
      break;
    case 'regex':
      if (!branch.pattern?.trim()) {
        ctx.problems.error(ProblemCode.emptyBranch, `${path}.pattern`, `${where}没有正则表达式`, id);
      } else checkRegex(ctx.problems, branch.pattern, branch.flags, `${path}.pattern`, where, id);
      break;
    case 'intent':
      if (!branch.intent?.trim()) {
        ctx.problems.error(ProblemCode.emptyBranch, `${path}.intent`, `${where}没有指定意图`, id);
      } else checkIntents(ctx.problems, [branch.intent], ctx.customIntents, `${path}.intent`, where, id);
      break;
    case 'dtmf':
      if (!branch.digits || !/^[0-9*#]+$/.test(branch.digits)) {
        ctx.problems.error(ProblemCode.emptyBranch, `${path}.digits`, `${where}没有有效的按键`, id);
      }
      break;
    case 'affirm':
    case 'negate':
    case 'refuse':
    case 'busy':
    case 'hesitate':
    case 'repeat':
    case 'silence':
    case 'noMatch':
    case 'notRecognised':
      break;
  }
}

function checkSay(ctx: Ctx, id: string, node: SayNode): void {
  if (!node.variants.some((v) => v.text.trim() || v.audio)) {
    ctx.problems.error(ProblemCode.emptyLine, `nodes.${id}.variants`, `${label(id, node)}没有话术内容`, id);
  }
  if (!node.listen) checkTarget(ctx, node.next, `nodes.${id}.next`, `${label(id, node)}(不等待回答)`, id);
  else if (node.next !== undefined) checkTarget(ctx, node.next, `nodes.${id}.next`, label(id, node), id);
  if (node.fallback !== undefined) {
    checkTarget(ctx, node.fallback, `nodes.${id}.fallback`, `${label(id, node)}的兜底`, id);
  }
  const seen = new Set<string>();
  node.branches.forEach((b, i) => {
    checkBranch(ctx, id, node, b, i);
    if (SINGLE_KINDS.has(b.kind)) {
      if (seen.has(b.kind)) {
        ctx.problems.warning(
          ProblemCode.duplicateBranch,
          `nodes.${id}.branches[${i}]`,
          `${label(id, node)}有重复的「${b.kind}」分支，只有第一个会生效`,
          id,
        );
      }
      seen.add(b.kind);
    }
  });
}

/** Checks one node whose shape is valid. */
export function checkNode(ctx: Ctx, id: string, node: ScriptNode): void {
  switch (node.kind) {
    case 'say':
      checkSay(ctx, id, node);
      return;
    case 'jump':
      if (node.flow !== undefined && node.target === undefined) {
        if (!ctx.script.flows.some((f) => f.id === node.flow)) {
          ctx.problems.error(
            ProblemCode.danglingTarget,
            `nodes.${id}.flow`,
            `${label(id, node)}指向不存在的流程「${node.flow}」`,
            id,
          );
        }
      } else {
        checkTarget(ctx, node.target, `nodes.${id}.target`, label(id, node), id);
      }
      return;
    case 'transfer':
      if (!node.target.trim()) {
        ctx.problems.error(
          ProblemCode.missingTarget,
          `nodes.${id}.target`,
          `${label(id, node)}没有指定转接目标`,
          id,
        );
      }
      return;
    case 'hangup':
      return;
  }
}

export type NodeCheckContext = Ctx;
