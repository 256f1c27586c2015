// 3.4 角色修改
import { z } from 'zod';
import { zInt, zOptStr, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { PermissionIds, RoleText } from './role-fields.js';

export default defineRoute({
  section: '3.4',
  title: '角色修改',
  method: 'POST',
  path: '/api/doRoleupdateapi',
  envelope: 'data',
  permission: 'role.manage',
  msg: '修改成功',
  params: z.object({ id: zInt(INT8), name: zOptStr(), ...RoleText, permission: PermissionIds }),
  handler: (p, { services, tenant }) => services.role.update(tenant, p),
});
