// 6.7.6 删除公海接口
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.7.6',
  title: '删除公海接口',
  method: 'GET',
  path: '/api/deleteOpen',
  envelope: 'data',
  permission: 'customer.manage',
  msg: '删除完成',
  params: z.object({ phone: zStr().describe('号码,逗号分隔多个') }),
  handler: (p, { services, tenant }) => services.customerPools.deleteOpen(tenant, p),
});
