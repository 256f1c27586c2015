// 2.1.3 子账号删除
import { z } from 'zod';
import { zList, zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '2.1.3',
  title: '子账号删除',
  method: 'POST',
  path: '/api/aiUserDeleteapi',
  envelope: 'rst',
  permission: 'account.manage',
  params: z.object({
    pkey: zOptStr().describe('固定值 user_name'),
    entityInstanceId: zList(zStr())
      .describe('子账号 user_name 列表')
      .pipe(z.array(z.string()).min(1, '不能为空')),
  }),
  handler: (p, { services, tenant }) => services.account.deleteSubAccounts(tenant, p.entityInstanceId),
});
