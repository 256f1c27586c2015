// ext 死信列表: pushes given up after their retries (newest first), to inspect and resend.
import { z } from 'zod';
import { zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zPushKind, zTimeRange } from './push-params.js';

export default defineRoute({
  section: 'ext',
  title: '推送死信列表',
  method: 'POST',
  path: '/ext/push/dead',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({ ...zPaging(20, 1000), kind: zPushKind(), ...zTimeRange }),
  handler: (p, { services, tenant }) => services.pushLog.dead(tenant, p),
});
