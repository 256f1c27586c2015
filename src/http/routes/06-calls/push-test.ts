// 6.6.2 推送测试报文
import { z } from 'zod';
import { zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '6.6.2',
  title: '推送测试报文',
  method: 'POST',
  path: '/api/pushTest',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({
    callback_url: zOptStr().describe('接收地址;不传则用9.1设置的 callback_url'),
  }),
  handler: (p, { services, tenant }) => services.pushTest.send(tenant, p),
});
