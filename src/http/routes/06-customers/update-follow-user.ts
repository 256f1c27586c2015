// 6.7.9 私海协同接口
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.7.9',
  title: '私海协同接口',
  method: 'GET',
  path: '/api/updateFollowUser',
  envelope: 'data',
  permission: 'customer.view',
  msg: '操作成功',
  params: z.object({
    phone: zStr().describe('号码'),
    follow_user_sn: zOptStr().describe('协同账号user_sn,逗号分隔;空字符串清除协同'),
  }),
  handler: (p, { services, tenant }) => services.customerPools.updateFollowUser(tenant, p),
});
