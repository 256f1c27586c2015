// ext 客户详情与时间线 — the customer plus its calls (grade, recording), follow-up notes and moves, newest first.
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '客户详情与时间线',
  method: 'POST',
  path: '/ext/customer/detail',
  envelope: 'data',
  permission: 'customer.view',
  params: z.object({ phone: zStr().describe('客户号码') }),
  handler: (p, { services, tenant }) => services.customerFollow.detail(tenant, p),
});
