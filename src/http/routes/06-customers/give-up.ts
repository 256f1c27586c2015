// 6.7.7 放弃私海接口
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.7.7',
  title: '放弃私海接口',
  method: 'GET',
  path: '/api/giveUp',
  envelope: 'data',
  permission: 'customer.view',
  msg: '操作成功',
  params: z.object({ phone: zStr().describe('号码(也可逗号分隔多个)') }),
  handler: (p, { services, tenant }) => services.customerPools.giveUp(tenant, p),
});
