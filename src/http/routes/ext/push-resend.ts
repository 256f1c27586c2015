// ext 重新推送: resend events by id, or every event of a time range (by status, default dead letters).
import { z } from 'zod';
import { zList } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zPushKind, zTimeRange } from './push-params.js';

export default defineRoute({
  section: 'ext',
  title: '重新推送(单个或按时间范围批量)',
  method: 'POST',
  path: '/ext/push/resend',
  envelope: 'data',
  permission: 'callback.manage',
  msg: '已加入推送队列',
  params: z.object({
    event_id: zList(z.string()).optional().describe('事件id,可多个(数组或逗号分隔)'),
    ...zTimeRange,
    status: zList(z.enum(['pending', 'delivered', 'dead', 'skipped']))
      .optional()
      .describe('按时间范围重推时的状态,默认 dead'),
    kind: zPushKind(),
  }),
  handler: (p, { services, tenant }) => services.pushLog.resend(tenant, p),
});
