// Stage 2 — duplicates (repeatCount): the same number earlier in this import (an earlier chunk that did not store
// it; repeats within the chunk are disposed of while the chunk is built, see chunk-builder.ts), or already in the
// task (earlier chunks and earlier imports).
import type { ImportStage } from './import-stage.js';

export const REPEAT_IN_IMPORT = '导入数据中号码重复';
export const REPEAT_IN_TASK = '任务中已有该号码';

export const dedupeStage: ImportStage = {
  name: 'dedupe',
  async apply({ chunk, scope }) {
    await chunk.markSeenInImport(scope.importId, REPEAT_IN_IMPORT);
    await chunk.markInTask(scope, REPEAT_IN_TASK);
  },
};
