import type { CompiledSayNode } from '../script/compiled-script.js';
import type { NodeHandler } from './node-handler.js';

/** Says the node's line, then listens (or continues to `next` when the node does not wait for an answer). */
export const sayNode: NodeHandler<CompiledSayNode> = {
  kind: 'say',
  exec(ctx, node) {
    ctx.speak(node, node.variants, node.bargeIn);
    if (node.listen || node.next === undefined) return { type: 'listen', node };
    return { type: 'goto', target: node.next };
  },
};
