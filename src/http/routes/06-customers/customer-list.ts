// 6.7.5 获取公海私海列表接口
import { z } from 'zod';
import { zInt, zJson, zOptStr, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

const Search = z
  .object({
    namephone: zOptStr().describe('号码前缀(数字)或姓名前缀'),
    updated_at_start: zOptStr().describe('更新时间起(Y-m-d H:i:s或Y-m-d)'),
    updated_at_end: zOptStr().describe('更新时间止(含;只给日期时含当天)'),
    created_at_start: zOptStr(),
    created_at_end: zOptStr(),
    follow_set_id: z.unknown().optional().describe('来源:0 AI预筛,-1 人工导入,-2 商机导入;可逗号分隔'),
    status: z.unknown().optional().describe('意向等级,如"A,B"或["A","B"]'),
    tag: zOptStr().describe('标签'),
    user_sn: zOptStr().describe('私海所属账号sn,逗号分隔(主账号筛选)'),
  })
  .optional();

export default defineRoute({
  section: '6.7.5',
  title: '获取公海私海列表接口',
  method: 'GET',
  path: '/api/customerList',
  envelope: 'data',
  permission: 'customer.view',
  params: z.object({
    ...zPaging(5, 1000),
    isPrivate: zInt().describe('1 私海,0 公海'),
    data: z
      .preprocess((v) => (v === '' || v === null ? undefined : v), zJson(Search))
      .describe('搜索条件JSON'),
  }),
  handler: (p, { services, tenant }) => services.customerPools.list(tenant, p),
});
