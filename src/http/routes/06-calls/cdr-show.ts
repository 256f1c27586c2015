// 6.4 获取单个通话对话内容
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.4',
  title: '获取单个通话对话内容',
  method: 'POST',
  path: '/api/cdrshow',
  envelope: 'data',
  permission: 'record.view',
  params: z.object({
    accounts_sn: zStr().describe('通话记录sn(6.1 sn)'),
    connected_at: zOptStr().describe('接通时间;参考实现用于定位分区,本平台不需要,不一致时忽略'),
  }),
  handler: (p, { services, tenant }) => services.callRecord.show(tenant, p),
});
