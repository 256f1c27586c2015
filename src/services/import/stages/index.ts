// The import's stages in the order they run. A new rule is a new file and one line here. Stage 1 (a phone that is
// not a number, failCount) and repeats within one chunk are decided while the chunk is built (chunk-builder.ts).
import { crossTaskWindowStage } from './cross-task-window.js';
import { dedupeStage } from './dedupe.js';
import { dndStage } from './dnd.js';
import { frequencyCapsStage } from './frequency-caps.js';
import { historyFiltersStage } from './history-filters.js';
import type { ImportStage } from './import-stage.js';
import { numberDetectionStage } from './number-detection.js';

export type { ImportStage, StageContext } from './import-stage.js';

export const IMPORT_STAGES: readonly ImportStage[] = [
  dedupeStage,
  crossTaskWindowStage,
  dndStage,
  historyFiltersStage,
  numberDetectionStage,
  frequencyCapsStage,
];
