// 7.1 话术模板列表
import { z } from 'zod';
import { zOptInt, zOptStr, zPaging, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '7.1',
  title: '话术模板列表',
  method: 'POST',
  path: '/api/templatelist',
  envelope: 'flat',
  permission: 'script.view',
  msg: '获取成功',
  params: z.object({
    ...zPaging(5),
    voice_break: zOptInt(INT2).describe('打断方式: 0 关键词打断, 1 声音打断'),
    project_name: zOptStr().describe('按 project_name / project_caption 模糊查询'),
  }),
  handler: (p, { services, tenant }) => services.scriptTemplates.templateList(tenant, p),
});
