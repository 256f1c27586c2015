// 3.2 角色列表
import { z } from 'zod';
import { zJson, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '3.2',
  title: '角色列表',
  method: 'POST',
  path: '/api/roleGetapi',
  envelope: 'bare',
  permission: 'role.manage',
  params: z.object({
    ...zPaging(5),
    data: zJson(z.object({ name: z.string().optional() }).optional()).describe('模糊查询,如 {"name":"子"}'),
  }),
  handler: (p, { services, tenant }) => services.role.list(tenant, { ...p, name: p.data?.name }),
});
