// 5.10 批次任务是否全部呼叫完成
import { z } from 'zod';
import { zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { withMsg } from '../../pipeline/envelope.js';

export default defineRoute({
  section: '5.10',
  title: '批次任务是否全部呼叫完成',
  method: 'POST',
  path: '/api/taskBatchImportStatus',
  envelope: 'flat',
  permission: 'task.view',
  params: z.object({ user_name: zOptStr().describe('子账号 user_name;为空=全部子账号') }),
  handler: async (p, { services, tenant }) => {
    const r = await services.taskManage.allCalled(tenant, p);
    return withMsg(r.msg, { status: r.status });
  },
});
