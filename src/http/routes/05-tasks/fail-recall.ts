// 5.5 任务失败重呼接口
import { z } from 'zod';
import { zInt, zList, zOptInt, zOptStr, zStr, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { withMsg } from '../../pipeline/envelope.js';

export default defineRoute({
  section: '5.5',
  title: '任务失败重呼接口',
  method: 'POST',
  path: '/api/failRecall',
  envelope: 'data',
  permission: 'task.manage',
  params: z.object({
    dial_task_main_sn: zStr().describe('任务 sn'),
    recall_manual: zInt(INT2).describe('0 重呼到新任务, 1 在原任务重呼'),
    fail_recall_of_reason: zList(zStr())
      .describe('要重呼的挂断原因,逗号分隔(§4.6)')
      .pipe(z.array(z.string()).min(1, '不能为空')),
    total_fail_recall_times: zOptInt().describe('自动重呼次数').pipe(z.number().min(0).max(20).default(0)),
    fail_recall_interval: zOptInt()
      .describe('自动重呼间隔(分钟)')
      .pipe(z.number().min(0).max(1440).default(0)),
    task_name: zOptStr()
      .describe('recall_manual=0 时新任务名称')
      .pipe(z.string().max(100, '过长').optional()),
  }),
  handler: async (p, { services, tenant }) => {
    const r = await services.failRecall.failRecall(tenant, p);
    return withMsg(r.msg, r.data);
  },
});
