// ext 客户池规则设置 — AI pre-screening default, automatic give-up days, private-pool cap (main account).
import { z } from 'zod';
import { zOptInt, zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '客户池规则设置',
  method: 'POST',
  path: '/ext/customer/settings/set',
  envelope: 'data',
  permission: 'customer.manage',
  msg: '保存成功',
  params: z.object({
    prescreen_grades: z.unknown().optional().describe('进入客户池的AI意向等级,如"A,B";空=关闭AI预筛'),
    prescreen_pool: zOptStr().describe('private(任务所属账号的私海,默认)或public(公海)'),
    auto_give_up_days: zOptInt().describe('私海客户多少天未跟进自动放弃回公海,0=不自动放弃'),
    private_cap: zOptInt().describe('每个账号私海客户上限,0=不限'),
  }),
  handler: (p, { services, tenant }) => services.customerFollow.setSettings(tenant, p),
});
