// 6.7.8 私海客户转让接口 — the reference gives only the title; path and parameters are ours (compat-notes).
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.7.8',
  title: '私海客户转让接口',
  method: 'GET',
  path: '/api/transferCustomer',
  envelope: 'data',
  permission: 'customer.manage',
  msg: '操作成功',
  params: z.object({
    phone: zStr().describe('号码,逗号分隔多个'),
    user_sn_input: zOptStr().describe('接收客户的子账号user_sn'),
    to_user_sn: zOptStr().describe('user_sn_input的别名'),
  }),
  handler: (p, { services, tenant }) =>
    services.customerPools.transfer(tenant, {
      phone: p.phone,
      user_sn_input: p.user_sn_input ?? p.to_user_sn ?? '',
    }),
});
