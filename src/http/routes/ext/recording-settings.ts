// ext: a team's recording retention (days a call recording and its per-turn segments are kept; 0 = forever,
// null = the platform's RECORDING_RETENTION_DAYS). Without `retention_days` it reads; with it, it sets.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '录音保存期限(查询/修改)',
  method: 'POST',
  path: '/ext/recordingSettings',
  envelope: 'data',
  permission: 'account.manage',
  params: z.object({
    retention_days: z
      .unknown()
      .optional()
      .describe('录音保存天数(0-3650,0 = 永久保存;null或空 = 平台默认);不传 = 只查询'),
  }),
  handler: (p, { services, tenant }) =>
    p.retention_days === undefined
      ? services.recordingRetention.get(tenant)
      : services.recordingRetention.update(tenant, p.retention_days),
});
