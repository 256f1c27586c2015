import type { CompiledJumpNode } from '../script/compiled-script.js';
import type { NodeHandler } from './node-handler.js';

/** Continues at another node or flow without saying anything. */
export const jumpNode: NodeHandler<CompiledJumpNode> = {
  kind: 'jump',
  exec(_ctx, node) {
    return { type: 'goto', target: node.target };
  },
};
