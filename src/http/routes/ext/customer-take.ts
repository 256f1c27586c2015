// ext 领取公海客户 — take public-pool customers into the caller's private pool (first come, first served).
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '领取公海客户',
  method: 'POST',
  path: '/ext/customer/take',
  envelope: 'data',
  permission: 'customer.view',
  msg: '领取成功',
  params: z.object({ phone: zStr().describe('号码,逗号分隔多个;任一已被领取则整体失败(40009)') }),
  handler: (p, { services, tenant }) => services.customerPools.take(tenant, p),
});
