// ext 发布话术 — marks the version tasks use; publishing an older version rolls back.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptVersion, zProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: 'ext',
  title: '发布话术版本',
  method: 'POST',
  path: '/ext/scripts/publish',
  envelope: 'data',
  permission: 'script.manage',
  msg: '发布成功',
  params: z.object({ project_sn: zProjectSn(), version: zOptVersion().describe('默认: 最新版本') }),
  handler: (p, { services, tenant }) => services.script.publish(tenant, p.project_sn, p.version),
});
