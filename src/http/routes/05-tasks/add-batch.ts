// 5.8.1 新建批次接口
import { z } from 'zod';
import { zInt, zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.8.1',
  title: '新建批次接口',
  method: 'POST',
  path: '/api/addBatch',
  envelope: 'data',
  permission: 'task.manage',
  multipart: true,
  msg: '导入成功',
  params: z.object({
    project_sn: zStr().describe('话术模板 sn'),
    ai_user_sn: zOptStr().describe('所属子账号 user_sn'),
    ai_user_name: zOptStr().describe('所属子账号 user_name(与 ai_user_sn 二选一)'),
    batch_name: zStr().describe('批次名称(即任务名称)'),
    term_value: zInt().describe('有效天数,0=永不过期'),
  }),
  handler: (p, { services, tenant, files }) => services.taskCreate.addBatch(tenant, p, files),
});
