// 8.1 防打扰列表
import { z } from 'zod';
import { zOptStr, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '8.1',
  title: '防打扰列表',
  method: 'POST',
  path: '/api/BlackListListsDataapi',
  envelope: 'bare',
  permission: 'dnd.view',
  params: z.object({
    ...zPaging(5),
    phone: zOptStr().describe('号码(模糊匹配)'),
  }),
  handler: (p, { services, tenant }) => services.dnd.list(tenant, p),
});
