// 2.1.2 子账号新增
import { z } from 'zod';
import { zInt, zOptInt, zOptStr, zStr, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '2.1.2',
  title: '子账号新增',
  method: 'POST',
  path: '/api/aiUserSaveapi',
  envelope: 'data',
  permission: 'account.manage',
  msg: '添加成功',
  params: z.object({
    user_name: zStr().pipe(z.string().regex(/^[A-Za-z0-9_.@-]{2,32}$/, '登录名须为2-32位字母、数字或_.@-')),
    contact: zStr().pipe(z.string().min(1).max(64)),
    password: zStr().pipe(z.string().min(6, '密码至少6位').max(64)),
    re_password: zStr(),
    organization_id: zOptInt(INT8),
    role_id: zOptInt(INT8),
    max_call_count: zInt().pipe(z.number().min(0)),
    job: zOptStr(),
  }),
  handler: (p, { services, tenant }) => services.account.createSubAccount(tenant, p),
});
