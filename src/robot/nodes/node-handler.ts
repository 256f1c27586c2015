import type {
  BargeInMode,
  CompiledNode,
  CompiledSayNode,
  CompiledVariant,
} from '../script/compiled-script.js';
import type { Action, EndReason } from '../runtime/session-types.js';

/** What the session offers a node while it runs. */
export interface NodeContext {
  /** Says one of `variants` (rotating per owner) as the line of `owner` (a node, a global handler or a knowledge item). */
  speak(
    owner: { readonly id: string; readonly title: string },
    variants: readonly CompiledVariant[],
    bargeIn: BargeInMode,
  ): void;
  emit(action: Action): void;
}

/** What the session does after a node ran. */
export type NodeStep =
  | { readonly type: 'listen'; readonly node: CompiledSayNode }
  | { readonly type: 'goto'; readonly target: string }
  | { readonly type: 'end'; readonly reason: EndReason };

/**
 * One node kind (convention 5: a small unit behind one interface, picked from a registry, run by one session
 * loop). Nodes are pure: they emit actions through the context and say what comes next.
 */
export interface NodeHandler<N extends CompiledNode> {
  readonly kind: N['kind'];
  exec(ctx: NodeContext, node: N): NodeStep;
}
