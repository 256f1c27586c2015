// 5.1 任务管理列表
import { z } from 'zod';
import { zOptInt, zOptStr, zPaging, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.1',
  title: '任务管理列表',
  method: 'POST',
  path: '/api/index',
  envelope: 'data',
  permission: 'task.view',
  params: z.object({
    // Clients page through everything with pageSize 99999 (compat-notes "Task list").
    ...zPaging(5, 99_999),
    start_create_at: zOptStr().describe('创建时间起 Y-m-d [H:i:s];起止都为空=今天'),
    end_create_at: zOptStr().describe('创建时间止 Y-m-d [H:i:s]'),
    status: zOptInt(INT2).describe('0发送中 1已发送 2未开始 4暂停发送 6终止发送'),
    ai_user_sn: zOptStr().describe('所属子账号 user_sn'),
    ai_user_name: zOptStr().describe('所属子账号 user_name'),
    source: zOptStr().describe('任务名称(模糊)'),
    dial_task_main_sn: zOptStr().describe('任务 sn'),
    project_sn: zOptStr().describe('话术模板 sn'),
  }),
  handler: (p, { services, tenant }) => services.taskManage.list(tenant, p),
});
