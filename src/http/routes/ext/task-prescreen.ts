// ext 任务AI预筛设置 — a task's own pre-screening grades and pool, overriding the team default.
import { z } from 'zod';
import { zOptInt, zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '任务AI预筛设置',
  method: 'POST',
  path: '/ext/customer/taskPrescreen',
  envelope: 'data',
  permission: 'customer.manage',
  msg: '保存成功',
  params: z.object({
    dial_task_main_sn: zStr().describe('任务sn'),
    prescreen_grades: z.unknown().optional().describe('进入客户池的AI意向等级,如"A,B";空=本任务关闭'),
    prescreen_pool: zOptStr().describe('private(任务所属账号的私海,默认)或public(公海)'),
    inherit: zOptInt().describe('1=删除任务设置,沿用团队默认'),
  }),
  handler: (p, { services, tenant }) => services.customerFollow.setTaskPrescreen(tenant, p),
});
