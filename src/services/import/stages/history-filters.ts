// Stage 5 — the team's filter rules over its own call records (filterCount): called within N days; last call was
// a refusal (carrier result 用户拒接, or the robot graded it D 拒绝).
import { daysBefore, type ImportStage } from './import-stage.js';

/** Results and grades that count as a refusal (result stored as the §4.6 name or the telephony key). */
export const REFUSAL = { results: ['用户拒接', 'rejected'], grades: ['D'] } as const;

export const historyFiltersStage: ImportStage = {
  name: 'history-filters',
  async apply({ chunk, scope, settings, asOf }) {
    const days = settings.filter_called_within_days;
    if (days > 0) {
      await chunk.markCalledSince(scope.teamId, daysBefore(asOf, days), asOf, `${days}天内已呼叫过`);
    }
    if (settings.filter_last_refused) {
      await chunk.markLastRefused(scope.teamId, asOf, REFUSAL, '上次呼叫被拒绝');
    }
  },
};
