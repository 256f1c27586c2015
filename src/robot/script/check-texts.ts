import type { NodeCheckContext } from './check-nodes.js';
import { ProblemCode } from './script-problems.js';
import type { Variant } from './script-schema.js';
import { templateVariables } from './template.js';

/** Every robot line in the script with its JSON path (for unknown-variable checks). */
function robotLines(ctx: NodeCheckContext): { path: string; text: string; nodeId?: string }[] {
  const { script } = ctx;
  const out: { path: string; text: string; nodeId?: string }[] = [];
  const addVariants = (variants: readonly Variant[] | undefined, path: string, nodeId?: string): void => {
    variants?.forEach((v, i) =>
      out.push(
        nodeId === undefined
          ? { path: `${path}[${i}].text`, text: v.text }
          : { path: `${path}[${i}].text`, text: v.text, nodeId },
      ),
    );
  };
  for (const [id, node] of Object.entries(script.nodes)) {
    switch (node.kind) {
      case 'say':
        addVariants(node.variants, `nodes.${id}.variants`, id);
        addVariants(node.reprompt, `nodes.${id}.reprompt`, id);
        break;
      case 'hangup':
      case 'transfer':
        addVariants(node.variants, `nodes.${id}.variants`, id);
        break;
      case 'jump':
        break;
    }
  }
  script.globals.forEach((g, i) => addVariants(g.variants, `globals[${i}].variants`));
  script.knowledge.forEach((k, i) => out.push({ path: `knowledge[${i}].ask_caption`, text: k.ask_caption }));
  addVariants(script.settings.noMatchPrompt, 'settings.noMatchPrompt');
  addVariants(script.settings.silencePrompt, 'settings.silencePrompt');
  addVariants(script.settings.notRecognisedPrompt, 'settings.notRecognisedPrompt');
  return out;
}

/** `{变量}` placeholders must name one of the script's variables; variable names must be unique. */
export function checkTexts(ctx: NodeCheckContext): void {
  const { script, problems } = ctx;
  const names = new Set<string>();
  script.variables.forEach((v, i) => {
    if (!v.name.trim()) {
      problems.error(ProblemCode.schema, `variables[${i}].name`, `第${i + 1}个变量没有名称`);
    } else if (names.has(v.name)) {
      problems.error(ProblemCode.duplicateId, `variables[${i}].name`, `变量「${v.name}」重复`);
    }
    names.add(v.name);
  });
  for (const line of robotLines(ctx)) {
    for (const name of templateVariables(line.text)) {
      if (!names.has(name)) {
        problems.error(
          ProblemCode.unknownVariable,
          line.path,
          `话术「${line.text.slice(0, 20)}」使用了未定义的变量{${name}}`,
          line.nodeId,
        );
      }
    }
  }
}
