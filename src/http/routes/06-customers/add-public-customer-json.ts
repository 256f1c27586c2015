// 6.7.2 公海导入json方式
import { z } from 'zod';
import { zInt } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.7.2',
  title: '公海导入json方式',
  method: 'GET',
  path: '/api/addPublicCustomerJson',
  envelope: 'rst',
  permission: 'customer.manage',
  multipart: true,
  msg: '导入成功',
  params: z.object({
    add_json: z.unknown().optional().describe('客户数据JSON {"data":[{"姓名":…,"电话":…,"地址":…}]}'),
    auto_ignore: zInt().describe('1/0:被领取进私海后是否适用自动放弃规则'),
  }),
  handler: (p, { services, tenant, files }) => services.customerPools.importPublic(tenant, p, files),
});
