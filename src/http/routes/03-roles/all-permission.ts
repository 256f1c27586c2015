// 3.1 角色权限树
import { z } from 'zod';
import { zInt, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '3.1',
  title: '角色权限树',
  method: 'POST',
  path: '/api/getAllPermissionapi',
  envelope: 'bare',
  permission: 'role.manage',
  params: z.object({ roleid: zInt(INT8).describe('角色id;0 = 不属于任何角色的完整权限目录(新建角色用)') }),
  handler: (p, { services, tenant }) => services.role.permissionTree(tenant, p.roleid),
});
