// 2.3.3 技能组修改
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { SkillGroupFields, skillGroupValues } from './skill-group-fields.js';

export default defineRoute({
  section: '2.3.3',
  title: '技能组修改',
  method: 'POST',
  path: '/api/skillGroupUpdateapi',
  envelope: 'data',
  permission: 'skillgroup.manage',
  msg: '修改成功',
  params: z.object({ pkey: zOptStr(), entityInstanceId: zStr().describe('技能组 sn'), ...SkillGroupFields }),
  handler: (p, { services, tenant }) =>
    services.skillGroup.update(tenant, p.entityInstanceId, skillGroupValues(p)),
});
