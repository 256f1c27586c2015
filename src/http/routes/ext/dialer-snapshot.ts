// ext 外呼实时状态(快照) — calls in progress per task and line, CPS, queue depth (the console's live view)
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '外呼实时状态',
  method: 'GET',
  path: '/ext/dialer/snapshot',
  envelope: 'data',
  permission: 'task.view',
  params: z.object({}),
  handler: (_p, { services, tenant }) => Promise.resolve(services.dialerLive.snapshot(tenant)),
});
