// Stage 4 — the DND list (blacklistCount): entries in force when the import started (term_value days, 0 = permanent).
import type { ImportStage } from './import-stage.js';

export const DND_REASON = '号码在防打扰名单中';

export const dndStage: ImportStage = {
  name: 'dnd',
  apply: ({ chunk, scope, asOf }) => chunk.markDnd(scope.teamId, asOf, DND_REASON),
};
