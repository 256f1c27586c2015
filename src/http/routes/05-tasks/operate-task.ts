// 5.2 操作任务接口(暂停、继续、停止、删除)
import { z } from 'zod';
import { zList, zOptInt, zStr, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { withMsg } from '../../pipeline/envelope.js';

export default defineRoute({
  section: '5.2',
  title: '操作任务接口(暂停、继续、停止、删除)',
  method: 'POST',
  path: '/api/operateTask',
  envelope: 'flat',
  permission: 'task.manage',
  params: z.object({
    project_type: zOptInt(INT2).describe('固定填2(可省略)'),
    pkeys: zList(zStr())
      .describe('dial_task_main_id 或 dial_task_main_sn,多个用逗号分隔或数组')
      .pipe(z.array(z.string()).min(1, '不能为空')),
    oper: zStr().describe('stop暂停 keepOn继续 failRe失败重呼 delete删除 end终止'),
  }),
  handler: async (p, { services, tenant }) => {
    const r = await services.taskManage.operate(tenant, p);
    return withMsg(r.msg, r.body);
  },
});
