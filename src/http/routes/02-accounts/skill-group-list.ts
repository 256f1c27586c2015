// 2.3.1 技能组列表 (the double "i" in the path is the reference's)
import { z } from 'zod';
import { zOptStr, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '2.3.1',
  title: '技能组列表',
  method: 'POST',
  path: '/api/skillGroupListsDataapii',
  envelope: 'bare',
  permission: 'skillgroup.manage',
  params: z.object({ ...zPaging(5), skillgroups_name: zOptStr() }),
  handler: (p, { services, tenant }) => services.skillGroup.list(tenant, { ...p, name: p.skillgroups_name }),
});
