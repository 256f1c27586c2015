// 3.6 角色删除
import { z } from 'zod';
import { zInt, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '3.6',
  title: '角色删除',
  method: 'POST',
  path: '/api/roleDelapi',
  envelope: 'data',
  permission: 'role.manage',
  msg: '删除成功',
  params: z.object({ roleid: zInt(INT8) }),
  handler: (p, { services, tenant }) => services.role.remove(tenant, p.roleid),
});
