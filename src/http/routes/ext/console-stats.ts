// ext 控制台首页统计: one day's calls, answered, connect rate, A/B intentions, talk minutes, per hour and per grade.
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../lib/app-error.js';
import { zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '控制台首页统计(按天)',
  method: 'GET',
  path: '/ext/console/stats',
  envelope: 'data',
  permission: 'task.view',
  params: z.object({
    day: zOptStr().describe('Y-m-d,团队时区;不传 = 今天'),
  }),
  handler: (p, { services, tenant }) => {
    if (p.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(p.day)) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: day 应为 Y-m-d');
    }
    return services.consoleStats.day(tenant, p.day);
  },
});
