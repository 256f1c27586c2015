// 6.7.1 私海导入json方式 and 6.7.3 私海导入excel方式: one path, `add_json` or an uploaded file `upload`.
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.7.1',
  title: '私海导入(json方式;上传upload文件即6.7.3 excel方式)',
  method: 'GET',
  path: '/api/addCustomerJson',
  envelope: 'rst',
  permission: 'customer.manage',
  multipart: true,
  msg: '导入成功',
  params: z.object({
    add_json: z
      .unknown()
      .optional()
      .describe('客户数据JSON {"data":[{"姓名":…,"电话":…,"地址":…}]};上传文件upload时不需要'),
    user_sn_input: zStr().describe('私海所属子账号user_sn,逗号分隔多个时轮流分配'),
  }),
  handler: (p, { services, tenant, files }) => services.customerPools.importPrivate(tenant, p, files),
});
