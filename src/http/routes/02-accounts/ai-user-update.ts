// 2.1.4 子账号修改
import { z } from 'zod';
import { zOptInt, zOptStr, zStr, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '2.1.4',
  title: '子账号修改',
  method: 'POST',
  path: '/api/aiUserUpdateapi',
  envelope: 'data',
  permission: 'account.manage',
  msg: '修改成功',
  params: z.object({
    user_name: zStr(),
    contact: zOptStr(),
    password: zOptStr().pipe(z.string().min(6, '密码至少6位').or(z.literal('')).optional()),
    re_password: zOptStr(),
    organization_id: zOptInt(INT8),
    role_id: zOptInt(INT8),
    max_call_count: zOptInt(),
    job: zOptStr(),
  }),
  handler: (p, { services, tenant }) => services.account.updateSubAccount(tenant, p),
});
