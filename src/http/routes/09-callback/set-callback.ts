// 9.1 设置回调地址
import { z } from 'zod';
import { zInt, zOptStr, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '9.1',
  title: '设置回调地址',
  method: 'POST',
  path: '/api/setCallback',
  envelope: 'data',
  permission: 'callback.manage',
  msg: 'SUCCESS',
  params: z.object({
    open_callback: zInt(INT2).describe('1 开启推送, 0 关闭'),
    callback_url: zOptStr().describe('6.6.1 挂机后流水推送地址'),
    task_callback_url: zOptStr().describe('5.7.15 异步导入推送地址'),
  }),
  handler: (p, { services, tenant }) => services.callback.set(tenant, p),
});
