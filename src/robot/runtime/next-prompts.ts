import type {
  CompiledNode,
  CompiledSayNode,
  CompiledScript,
  CompiledVariant,
} from '../script/compiled-script.js';

/** At most this many lines are handed on per listen (a node with many branches shares few replies). */
const MAX_NEXT_PROMPTS = 8;
/** Jumps followed to reach a target that speaks (validation rejects jump-only loops). */
const MAX_JUMPS = 8;

/**
 * The lines the robot may say first in answer to the callee at `node`: for each branch target and the
 * fallback (through jumps), the variant it would say next, rendered as it would be spoken (`preview`, which
 * answers undefined for a recording); the node's own reprompt. Distinct, in branch order, at most
 * {@link MAX_NEXT_PROMPTS}. Lines that hear synthesise them while the callee speaks, so the reply is ready.
 */
export function nextPrompts(
  script: CompiledScript,
  node: CompiledSayNode,
  preview: (variants: readonly CompiledVariant[]) => string | undefined,
): string[] {
  const texts = new Set<string>();
  const add = (variants: readonly CompiledVariant[] | undefined) => {
    const text = variants && variants.length > 0 ? preview(variants) : undefined;
    if (text?.trim() && texts.size < MAX_NEXT_PROMPTS) texts.add(text);
  };
  const targets = [...node.branches.map((b) => b.branch.target), node.fallback ?? script.fallback];
  for (const target of targets) add(spokenBy(script, target));
  add(node.reprompt);
  return [...texts];
}

/** The variants a target says first, through jumps; undefined for a target that says nothing. */
function spokenBy(
  script: CompiledScript,
  target: string | undefined,
): readonly CompiledVariant[] | undefined {
  let node: CompiledNode | undefined = target === undefined ? undefined : script.nodes.get(target);
  for (let i = 0; node?.kind === 'jump' && i < MAX_JUMPS; i++) node = script.nodes.get(node.target);
  return node && node.kind !== 'jump' ? node.variants : undefined;
}
