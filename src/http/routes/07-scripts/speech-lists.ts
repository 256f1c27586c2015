// 7.5 话术待学习列表
import { z } from 'zod';
import { zOptInt, zPaging, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zProjectSn } from './script-params.js';

export default defineRoute({
  section: '7.5',
  title: '话术待学习列表',
  method: 'POST',
  path: '/api/speechListsDataapi',
  envelope: 'bare',
  permission: 'script.view',
  params: z.object({
    ...zPaging(5),
    project_sn: zProjectSn(),
    type: zOptInt(INT2).describe('1 无法回答, 2 答非所问, 3 识别异常'),
  }),
  handler: (p, { services, tenant }) => services.scriptTemplates.toLearnList(tenant, p),
});
