// ext 人工分类 — set a record's manual classification (status_manual), kept apart from the AI grade (status).
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '通话记录人工分类',
  method: 'POST',
  path: '/ext/setStatusManual',
  envelope: 'data',
  permission: 'record.view',
  msg: '操作成功',
  params: z.object({
    accounts_sn: zStr().describe('通话记录sn'),
    status_manual: zStr().describe('人工分类:单个字母A–Z(小写按大写),空字符串清除'),
    mark: zOptStr().describe('备注(可选,给出时替换原备注)'),
  }),
  handler: (p, { services, tenant }) => services.callRecord.classify(tenant, p),
});
