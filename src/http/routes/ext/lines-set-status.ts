// ext 线路停用/启用 — take a line down (its running tasks are paused with the reason) or bring it back up
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '线路停用/启用',
  method: 'POST',
  path: '/ext/lines/setStatus',
  envelope: 'data',
  permission: 'account.manage',
  msg: '操作成功',
  params: z.object({
    line_id: zStr().describe('线路id'),
    status: z.enum(['up', 'down']).describe('down = 停用, up = 启用'),
    reason: zOptStr().describe('停用原因(显示在被暂停任务的状态说明中)'),
  }),
  handler: ({ line_id, status, reason }, { services, tenant }) =>
    services.lines.setStatus(tenant, line_id, status, reason),
});
