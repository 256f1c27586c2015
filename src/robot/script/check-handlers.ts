import { checkIntents, checkKeywords, checkRegex, keywordPhrases } from './check-matchers.js';
import type { NodeCheckContext } from './check-nodes.js';
import { ProblemCode } from './script-problems.js';

function checkGoto(
  ctx: NodeCheckContext,
  then: string,
  target: string | undefined,
  path: string,
  where: string,
): void {
  if (then !== 'goto') return;
  if (!target) {
    ctx.problems.error(ProblemCode.missingTarget, `${path}.target`, `${where}设置了跳转但没有指定节点`);
  } else if (!ctx.nodeIds.has(target)) {
    ctx.problems.error(ProblemCode.danglingTarget, `${path}.target`, `${where}指向不存在的节点「${target}」`);
  }
}

/** Global handlers, knowledge items and custom intents. */
export function checkHandlers(ctx: NodeCheckContext): void {
  const { script, problems } = ctx;
  const globalIds = new Set<string>();
  script.globals.forEach((g, i) => {
    const path = `globals[${i}]`;
    const where = `全局处理「${g.title || g.id}」`;
    if (globalIds.has(g.id)) problems.error(ProblemCode.duplicateId, `${path}.id`, `${where}的编号重复`);
    globalIds.add(g.id);
    if (keywordPhrases(g.keywords).length === 0 && g.intents.length === 0 && !g.pattern?.trim()) {
      problems.error(ProblemCode.emptyBranch, path, `${where}没有意图、关键词或正则，永远不会触发`);
    }
    checkKeywords(problems, g.keywords, `${path}.keywords`, where);
    checkIntents(problems, g.intents, ctx.customIntents, `${path}.intents`, where);
    if (g.pattern?.trim()) checkRegex(problems, g.pattern, undefined, `${path}.pattern`, where);
    if (!g.variants.some((v) => v.text.trim() || v.audio) && g.then === 'return') {
      problems.error(ProblemCode.emptyLine, `${path}.variants`, `${where}没有回复话术`);
    }
    checkGoto(ctx, g.then, g.target, path, where);
  });
  const sns = new Set<string>();
  script.knowledge.forEach((k, i) => {
    const path = `knowledge[${i}]`;
    const where = `知识库问题「${k.ask_title || k.asks_sn}」`;
    if (sns.has(k.asks_sn)) problems.error(ProblemCode.duplicateId, `${path}.asks_sn`, `${where}的编号重复`);
    sns.add(k.asks_sn);
    if (keywordPhrases(k.keywords).length === 0 && k.intents.length === 0) {
      problems.error(ProblemCode.emptyBranch, path, `${where}没有关键词，永远不会触发`);
    }
    checkKeywords(problems, k.keywords, `${path}.keywords`, where);
    checkIntents(problems, k.intents, ctx.customIntents, `${path}.intents`, where);
    if (!k.ask_caption.trim() && !k.audio) {
      problems.error(ProblemCode.emptyLine, `${path}.ask_caption`, `${where}没有回答内容`);
    }
    checkGoto(ctx, k.then, k.target, path, where);
  });
  const intentIds = new Set<string>();
  script.intents.forEach((intent, i) => {
    const path = `intents[${i}]`;
    const where = `自定义意图「${intent.title || intent.id}」`;
    if (intentIds.has(intent.id)) problems.error(ProblemCode.duplicateId, `${path}.id`, `${where}的编号重复`);
    intentIds.add(intent.id);
    if (keywordPhrases(intent.keywords).length === 0 && !intent.patterns.some((p) => p.trim())) {
      problems.error(ProblemCode.emptyBranch, path, `${where}没有关键词或正则`);
    }
    checkKeywords(problems, intent.keywords, `${path}.keywords`, where);
    intent.patterns.forEach((p, j) => checkRegex(problems, p, undefined, `${path}.patterns[${j}]`, where));
  });
}
