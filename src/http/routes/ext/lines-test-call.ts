// ext 拨打测试 — place one call to a number on a line and return its result (SIP status and reason included)
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '线路拨打测试',
  method: 'POST',
  path: '/ext/lines/testCall',
  envelope: 'data',
  permission: 'account.manage',
  params: z.object({
    line_id: zStr().describe('线路id'),
    phone: zStr().describe('被叫号码'),
  }),
  handler: ({ line_id, phone }, { services, tenant }) => services.lines.testCall(tenant, line_id, phone),
});
