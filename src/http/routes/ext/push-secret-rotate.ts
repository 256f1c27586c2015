// ext 轮换签名密钥: a new signing secret; the previous one keeps signing during the overlap.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptNumber } from './push-params.js';

export default defineRoute({
  section: 'ext',
  title: '轮换推送签名密钥',
  method: 'POST',
  path: '/ext/push/secret/rotate',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({
    overlap_hours: zOptNumber().describe('旧密钥继续签名的小时数,默认24,0 = 立即停用'),
  }),
  handler: (p, { services, tenant }) => services.pushSettings.rotateSecret(tenant, p),
});
