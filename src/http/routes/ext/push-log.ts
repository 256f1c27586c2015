// ext 推送日志: one push event and every delivery attempt (time, HTTP status, latency, response snippet, error).
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '推送日志(单个事件的投递记录)',
  method: 'POST',
  path: '/ext/push/log',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({
    event_id: zStr().describe('推送事件id(请求头 X-Aicall-Event-Id)'),
  }),
  handler: (p, { services, tenant }) => services.pushLog.eventLog(tenant, p.event_id),
});
