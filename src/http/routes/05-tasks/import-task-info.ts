// 5.7.4 获取异步导入任务结果数据接口
import { z } from 'zod';
import { zOptInt, zOptStr, zPaging, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.7.4',
  title: '获取异步导入任务结果数据接口',
  method: 'POST',
  path: '/api/getImportTaskInfo',
  envelope: 'data',
  permission: 'task.view',
  params: z.object({
    dial_task_main_id: zOptInt(INT8).describe('任务 id'),
    dial_task_main_sn: zOptStr().describe('或任务 sn'),
    // Extension: import_fail_data is paged (default the first 10,000 rows).
    ...zPaging(10_000, 100_000),
  }),
  handler: (p, { services, tenant }) => services.importQuery.info(tenant, p),
});
