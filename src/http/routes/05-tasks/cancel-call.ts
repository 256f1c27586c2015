// 5.3 任务取消呼叫接口
import { z } from 'zod';
import { zList, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '5.3',
  title: '任务取消呼叫接口',
  method: 'POST',
  path: '/api/cancelCall',
  envelope: 'data',
  msg: '操作完成',
  permission: 'task.manage',
  params: z.object({
    dial_task_main_sn: zStr().describe('任务 sn'),
    sn: zList(zStr()).describe('5.4 返回的明细 sn 数组(sn[])').pipe(z.array(z.string()).min(1, '不能为空')),
    // Positional companion of sn[]; the sn alone identifies a number, so it is only checked for shape.
    detail_type: zList(z.union([z.number(), z.string()]))
      .optional()
      .describe('5.4 返回的 detail_type 数组(detail_type[]),与 sn[] 按位置对应'),
  }),
  handler: (p, { services, tenant }) => services.taskCancel.cancelBySns(tenant, p.dial_task_main_sn, p.sn),
});
