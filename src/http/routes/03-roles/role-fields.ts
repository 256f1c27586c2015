// Fields shared by 3.3 角色添加 and 3.4 角色修改; `permission[]` arrives folded into `permission`.
import { z } from 'zod';
import { zInt, zList } from '../../pipeline/coerce.js';

export const PermissionIds = zList(zInt()).describe('权限id数组(也接受 permission[])');
export const RoleText = {
  description: z.string().max(255).optional(),
  display_name: z.string().max(64).optional(),
};
