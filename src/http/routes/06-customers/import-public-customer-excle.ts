// 6.7.4 公海导入excel方式 (titled 7.6.4 in the reference; the path's spelling is the reference's)
import { z } from 'zod';
import { zInt, zOptInt } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.7.4',
  title: '公海导入excel方式',
  method: 'POST',
  path: '/api/importPublicCustomerExcle',
  envelope: 'rst',
  permission: 'customer.manage',
  multipart: true,
  msg: '导入成功',
  params: z.object({
    auto_ignore: zInt().describe('1/0:被领取进私海后是否适用自动放弃规则'),
    follow_set_id: zOptInt().describe('导入类型:0 AI预筛,-1 人工导入(默认),-2 商机导入'),
    add_json: z.unknown().optional().describe('(可选)不上传文件时的JSON数据,同6.7.2'),
  }),
  handler: (p, { services, tenant, files }) => services.customerPools.importPublic(tenant, p, files),
});
