// 2.3.2 技能组新增 — path not shown by the reference; named after 2.1.2 (compat-notes "Paths")
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { SkillGroupFields, skillGroupValues } from './skill-group-fields.js';

export default defineRoute({
  section: '2.3.2',
  title: '技能组新增',
  method: 'POST',
  path: '/api/skillGroupSaveapi',
  envelope: 'data',
  permission: 'skillgroup.manage',
  msg: '添加成功',
  params: z.object(SkillGroupFields),
  handler: (p, { services, tenant }) => services.skillGroup.create(tenant, skillGroupValues(p)),
});
