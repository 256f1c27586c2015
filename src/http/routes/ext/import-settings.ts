// ext: a team's import settings (cross-task window, filters, frequency caps, number-detection classes).
// Without setting keys it reads; with any key it validates, stores those keys and answers the settings in force.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

const KEYS = [
  'cross_task_dedup_days',
  'filter_called_within_days',
  'filter_last_refused',
  'cap_per_day',
  'cap_per_7_days',
  'cap_per_30_days',
  'detection_enabled',
  'detection_import_classes',
  'silent_months',
  'silent_min_calls',
  'use_vendor',
] as const;

export default defineRoute({
  section: 'ext',
  title: '导入设置(查询/修改)',
  method: 'POST',
  path: '/ext/importSettings',
  envelope: 'data',
  permission: 'task.manage',
  params: z.object(
    Object.fromEntries(KEYS.map((k) => [k, z.unknown().optional()])) as Record<
      (typeof KEYS)[number],
      z.ZodOptional<z.ZodUnknown>
    >,
  ),
  handler: (p, { services, tenant }) => {
    const patch = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
    return Object.keys(patch).length === 0
      ? services.importSettings.get(tenant)
      : services.importSettings.update(tenant, patch);
  },
});
