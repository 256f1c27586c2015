// ext 话术列表 — every script including unpublished drafts (7.1 and 7.8 list published ones only).
import { z } from 'zod';
import { zOptInt, zOptStr, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '话术列表(含未发布)',
  method: 'POST',
  path: '/ext/scripts/list',
  envelope: 'data',
  permission: 'script.view',
  params: z.object({ ...zPaging(20), project_name: zOptStr(), voice_break: zOptInt() }),
  handler: (p, { services, tenant }) => services.script.list(tenant, p),
});
