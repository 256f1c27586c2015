// 5.4 获取任务详情列表接口
import { z } from 'zod';
import { zOptInt, zOptStr, zPaging, zStr, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.4',
  title: '获取任务详情列表接口',
  method: 'POST',
  path: '/api/getDetailsList',
  envelope: 'data',
  permission: 'task.view',
  params: z.object({
    ...zPaging(5),
    dial_task_main_id: zStr().describe('任务 id(也接受 dial_task_main_sn)'),
    phone: zOptStr().describe('按号码筛选(扩展)'),
    status: zOptInt(INT2).describe('按号码状态筛选(扩展): 0待呼叫 1呼叫中 2已呼叫 3已停播 4已过滤 5等待重呼'),
  }),
  handler: (p, { services, tenant }) => services.taskManage.details(tenant, p),
});
