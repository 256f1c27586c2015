import type { CompiledHangupNode } from '../script/compiled-script.js';
import type { NodeHandler } from './node-handler.js';

/** Says the closing line (cannot be interrupted) and hangs up. */
export const hangupNode: NodeHandler<CompiledHangupNode> = {
  kind: 'hangup',
  exec(ctx, node) {
    if (node.variants.length > 0) ctx.speak(node, node.variants, 'off');
    ctx.emit({ type: 'hangup', reason: node.reason || node.title });
    return { type: 'end', reason: 'robotHangup' };
  },
};
