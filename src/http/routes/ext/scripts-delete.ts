// ext 删除话术 — soft delete; tasks still using the script are paused by the dialer.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { zProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: 'ext',
  title: '删除话术',
  method: 'POST',
  path: '/ext/scripts/delete',
  envelope: 'data',
  permission: 'script.manage',
  msg: '删除成功',
  params: z.object({ project_sn: zProjectSn() }),
  handler: (p, { services, tenant }) => services.script.remove(tenant, p.project_sn),
});
