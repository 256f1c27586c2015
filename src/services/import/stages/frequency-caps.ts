// Stage 7 — frequency caps across all the team's tasks (chaopinCount): a number the team already called as often
// as the cap allows in the last day / 7 days / 30 days (rolling, from call_records) is not imported.
import type { ImportStage } from './import-stage.js';

export const frequencyCapsStage: ImportStage = {
  name: 'frequency-caps',
  async apply({ chunk, scope, settings, asOf }) {
    const caps = {
      perDay: settings.cap_per_day,
      per7Days: settings.cap_per_7_days,
      per30Days: settings.cap_per_30_days,
    };
    if (caps.perDay <= 0 && caps.per7Days <= 0 && caps.per30Days <= 0) return;
    await chunk.markOverCaps(scope.teamId, asOf, caps, {
      day: `超过每日呼叫上限(${caps.perDay}次)`,
      week: `超过7天呼叫上限(${caps.per7Days}次)`,
      month: `超过30天呼叫上限(${caps.per30Days}次)`,
    });
  },
};
