import { z } from 'zod';
import { checkGraph } from './check-graph.js';
import { checkHandlers } from './check-handlers.js';
import { checkLearned } from './check-learned.js';
import { checkNode, type NodeCheckContext } from './check-nodes.js';
import { checkTexts } from './check-texts.js';
import { ProblemCode, ProblemList, type ScriptProblem } from './script-problems.js';
import {
  NodeSchema,
  SCRIPT_FORMAT_VERSION,
  ScriptSchema,
  type ScriptDefinition,
  type ScriptNode,
} from './script-schema.js';

export interface ValidationResult {
  /** No errors (warnings allowed). */
  readonly ok: boolean;
  /** Every problem found, errors and warnings. */
  readonly problems: readonly ScriptProblem[];
  /** The parsed script when its shape is valid (even if it has semantic errors). */
  readonly script?: ScriptDefinition;
}

/** The script with nodes left unparsed, so that one bad node does not hide the problems of the others. */
const ShellSchema = ScriptSchema.extend({ nodes: z.record(z.string(), z.unknown()) });

function issuePath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    prefix,
  );
}

function schemaProblems(problems: ProblemList, error: z.ZodError, prefix: string, nodeId?: string): void {
  for (const issue of error.issues) {
    const path = issuePath(prefix, issue.path);
    problems.error(ProblemCode.schema, path, `格式错误(${path || '根'})：${issue.message}`, nodeId);
  }
}

/**
 * Validates a script (as parsed JSON) and returns the complete list of problems: shape errors, missing entry,
 * dangling or missing targets, empty branches, bad patterns, unknown intents and variables, unreachable nodes
 * (warning), loops without an exit. Never throws.
 * @example const { ok, problems } = validateScript(JSON.parse(text));
 */
export function validateScript(input: unknown): ValidationResult {
  const problems = new ProblemList();
  const shell = ShellSchema.safeParse(input);
  if (!shell.success) {
    schemaProblems(problems, shell.error, '');
    return { ok: false, problems: problems.items };
  }
  if (shell.data.version > SCRIPT_FORMAT_VERSION) {
    problems.error(
      ProblemCode.unsupportedVersion,
      'version',
      `话术格式版本 ${shell.data.version} 高于支持的版本 ${SCRIPT_FORMAT_VERSION}`,
    );
  }
  const nodes: Record<string, ScriptNode> = {};
  for (const [id, raw] of Object.entries(shell.data.nodes)) {
    const parsed = NodeSchema.safeParse(raw);
    if (parsed.success) nodes[id] = parsed.data;
    else schemaProblems(problems, parsed.error, `nodes.${id}`, id);
  }
  const script: ScriptDefinition = { ...shell.data, nodes };
  const ctx: NodeCheckContext = {
    script,
    problems,
    nodeIds: new Set(Object.keys(shell.data.nodes)),
    customIntents: new Set(script.intents.map((i) => i.id)),
  };
  checkFlows(ctx);
  for (const [id, node] of Object.entries(nodes)) checkNode(ctx, id, node);
  if (script.settings.fallback !== undefined && !ctx.nodeIds.has(script.settings.fallback)) {
    problems.error(
      ProblemCode.danglingTarget,
      'settings.fallback',
      `默认兜底节点「${script.settings.fallback}」不存在`,
    );
  }
  checkHandlers(ctx);
  checkLearned(ctx);
  checkTexts(ctx);
  if (Object.keys(nodes).length === Object.keys(shell.data.nodes).length) checkGraph(ctx);
  const valid = Object.keys(nodes).length === Object.keys(shell.data.nodes).length;
  return valid
    ? { ok: !problems.hasErrors, problems: problems.items, script }
    : { ok: false, problems: problems.items };
}

function checkFlows(ctx: NodeCheckContext): void {
  const { script, problems } = ctx;
  if (script.flows.length === 0) {
    problems.error(ProblemCode.missingEntry, 'flows', '话术没有任何流程(至少需要一个主流程)');
    return;
  }
  const ids = new Set<string>();
  script.flows.forEach((flow, i) => {
    if (ids.has(flow.id)) {
      problems.error(ProblemCode.duplicateId, `flows[${i}].id`, `流程编号「${flow.id}」重复`);
    }
    ids.add(flow.id);
    if (!flow.entry || !ctx.nodeIds.has(flow.entry)) {
      problems.error(
        ProblemCode.missingEntry,
        `flows[${i}].entry`,
        `流程「${flow.title || flow.id}」的入口节点「${flow.entry}」不存在`,
      );
    }
  });
}
