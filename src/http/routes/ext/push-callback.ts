// ext 推送地址查询: the push destinations set by 9.1, so the console shows them before anyone edits them (9.1 has no
// reading counterpart in the reference).
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '查询回调地址(9.1的当前设置)',
  method: 'POST',
  path: '/ext/push/callback',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.callback.get(tenant),
});
