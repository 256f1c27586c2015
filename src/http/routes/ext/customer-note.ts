// ext 客户跟进记录 — add a follow-up note; restarts the automatic give-up clock.
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '添加客户跟进记录',
  method: 'POST',
  path: '/ext/customer/note',
  envelope: 'data',
  permission: 'customer.view',
  msg: '操作成功',
  params: z.object({
    phone: zStr().describe('客户号码'),
    content: zStr().describe('跟进内容(1–2000字)'),
  }),
  handler: (p, { services, tenant }) => services.customerFollow.addNote(tenant, p),
});
