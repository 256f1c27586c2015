// 5.9 任务详情停播接口
import { z } from 'zod';
import { zList, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { withMsg } from '../../pipeline/envelope.js';

export default defineRoute({
  section: '5.9',
  title: '任务详情停播接口',
  method: 'POST',
  path: '/api/taskDetailStop',
  envelope: 'flat',
  permission: 'task.manage',
  params: z.object({
    dial_task_main_sn: zStr().describe('任务 sn'),
    sn: zList(zStr())
      .describe('任务明细 sn,多个用逗号分隔或数组')
      .pipe(z.array(z.string()).min(1, '不能为空')),
  }),
  handler: async (p, { services, tenant }) => {
    const r = await services.taskCancel.cancelBySns(tenant, p.dial_task_main_sn, p.sn);
    return withMsg(`处理完成,请求处理条数${r.total}, 成功暂停处理条数${r.success}`, {
      total: r.total,
      success: r.success,
    });
  },
});
