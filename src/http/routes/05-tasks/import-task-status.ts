// 5.7.3 异步建任务后获取结果
import { z } from 'zod';
import { zOptInt, zOptStr, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.7.3',
  title: '异步建任务后获取结果',
  method: 'POST',
  path: '/api/getImportTaskStatus',
  envelope: 'code200',
  permission: 'task.view',
  params: z.object({
    dial_task_main_id: zOptInt(INT8).describe('任务 id(5.7.2 返回的 dial_task_main_id)'),
    dial_task_main_sn: zOptStr().describe('或任务 sn'),
  }),
  handler: (p, { services, tenant }) => services.importQuery.status(tenant, p),
});
