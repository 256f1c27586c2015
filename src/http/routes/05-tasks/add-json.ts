// 5.7.2 新建外呼任务接口(json方式,同步) — the older synchronous variant some clients call
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { taskCreateParams } from './task-create-params.js';

export default defineRoute({
  section: '5.7.2',
  title: '新建外呼任务接口(json方式,同步)',
  method: 'POST',
  path: '/api/addJson',
  envelope: 'data',
  permission: 'task.manage',
  msg: '导入成功',
  params: z.object({
    ...taskCreateParams,
    client_info_json: z.unknown().describe('{"data":[{"姓名":"张三","电话":"138…"}]},JSON字符串或对象'),
  }),
  handler: (p, { services, tenant }) => services.taskCreate.createFromJson(tenant, p, 'sync'),
});
