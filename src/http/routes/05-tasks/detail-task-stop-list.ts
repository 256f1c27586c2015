// 5.6 任务详情停播记录列表接口
import { z } from 'zod';
import { zOptStr, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.6',
  title: '任务详情停播记录列表接口',
  method: 'POST',
  path: '/api/detailTaskStopList',
  envelope: 'data',
  permission: 'task.view',
  params: z.object({
    ...zPaging(50),
    phone: zOptStr().describe('号码(模糊)'),
    dial_task_main_sn: zOptStr().describe('任务 sn'),
    sn: zOptStr().describe('任务明细 sn'),
  }),
  handler: (p, { services, tenant }) => services.taskCancel.stoppedList(tenant, p),
});
