import type { CompiledTransferNode } from '../script/compiled-script.js';
import type { NodeHandler } from './node-handler.js';

/** Says the hand-over line and transfers the call to human agents. */
export const transferNode: NodeHandler<CompiledTransferNode> = {
  kind: 'transfer',
  exec(ctx, node) {
    if (node.variants.length > 0) ctx.speak(node, node.variants, 'off');
    ctx.emit({ type: 'transfer', target: node.target });
    return { type: 'end', reason: 'transfer' };
  },
};
