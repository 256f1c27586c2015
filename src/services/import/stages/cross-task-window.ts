// Stage 3 — the team's cross-task window (repeatCount): a number already put into another task of the team within
// `cross_task_dedup_days` days is not imported again. Off (0) by default.
import { daysBefore, type ImportStage } from './import-stage.js';

export const crossTaskWindowStage: ImportStage = {
  name: 'cross-task-window',
  async apply({ chunk, scope, settings, asOf }) {
    const days = settings.cross_task_dedup_days;
    if (days <= 0) return;
    await chunk.markInOtherTasks(scope, daysBefore(asOf, days), `${days}天内已导入其他任务`);
  },
};
