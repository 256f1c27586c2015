// ext 推送设置: the team's signing secrets and retry schedule.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '推送设置(签名密钥与重试策略)',
  method: 'POST',
  path: '/ext/push/settings',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.pushSettings.get(tenant),
});
