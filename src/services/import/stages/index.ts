// The import's stages in the order they run. A new rule is a new file and one line here.
import { crossTaskWindowStage } from './cross-task-window.js';
import { dedupeStage } from './dedupe.js';
import { dndStage } from './dnd.js';
import { frequencyCapsStage } from './frequency-caps.js';
import { historyFiltersStage } from './history-filters.js';
import type { ImportStage } from './import-stage.js';
import { invalidNumberStage } from './invalid-number.js';
import { numberDetectionStage } from './number-detection.js';

export type { ImportStage, StageContext } from './import-stage.js';

export const IMPORT_STAGES: readonly ImportStage[] = [
  invalidNumberStage,
  dedupeStage,
  crossTaskWindowStage,
  dndStage,
  historyFiltersStage,
  numberDetectionStage,
  frequencyCapsStage,
];
