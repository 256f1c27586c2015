// 5.3.2 任务取消呼叫接口(按号码)
import { z } from 'zod';
import { zList, zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.3.2',
  title: '任务取消呼叫接口(按号码)',
  method: 'POST',
  path: '/api/cancelCallCallee',
  envelope: 'data',
  msg: '操作完成',
  permission: 'task.manage',
  params: z.object({
    dial_task_main_sn: zStr().describe('任务 sn'),
    callee: zList(zStr())
      .describe('要取消的号码(或 filed 指定字段的值),逗号分隔')
      .pipe(z.array(z.string()).min(1, '不能为空')),
    filed: zOptStr()
      .describe('按该自定义字段匹配 callee,而不是按电话(如 data13)')
      .pipe(z.string().max(64, '过长').optional()),
  }),
  handler: (p, { services, tenant }) => services.taskCancel.cancelByCallee(tenant, p),
});
