// 3.3 角色添加 — path not shown by the reference; named after 3.4 (compat-notes "Paths")
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { PermissionIds, RoleText } from './role-fields.js';

export default defineRoute({
  section: '3.3',
  title: '角色添加',
  method: 'POST',
  path: '/api/doRoleaddapi',
  envelope: 'data',
  permission: 'role.manage',
  msg: '添加成功',
  params: z.object({ name: zStr().pipe(z.string().min(1).max(64)), ...RoleText, permission: PermissionIds }),
  handler: (p, { services, tenant }) => services.role.create(tenant, p),
});
