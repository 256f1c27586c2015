import type { CompiledNode } from '../script/compiled-script.js';
import { hangupNode } from './hangup.js';
import { jumpNode } from './jump.js';
import type { NodeContext, NodeHandler, NodeStep } from './node-handler.js';
import { sayNode } from './say.js';
import { transferNode } from './transfer.js';

type HandlerMap = { readonly [K in CompiledNode['kind']]: NodeHandler<Extract<CompiledNode, { kind: K }>> };

/** Node kind → handler. A new node kind is a new file plus one line here. */
export const nodeHandlers: HandlerMap = {
  say: sayNode,
  jump: jumpNode,
  hangup: hangupNode,
  transfer: transferNode,
};

/** Runs `node` with the handler registered for its kind. */
export function runNode(ctx: NodeContext, node: CompiledNode): NodeStep {
  const handler = nodeHandlers[node.kind] as NodeHandler<CompiledNode>;
  return handler.exec(ctx, node);
}
