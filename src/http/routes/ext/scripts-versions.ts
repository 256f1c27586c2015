// ext 话术版本列表
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { zProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: 'ext',
  title: '话术版本列表',
  method: 'POST',
  path: '/ext/scripts/versions',
  envelope: 'data',
  permission: 'script.view',
  params: z.object({ project_sn: zProjectSn() }),
  handler: (p, { services, tenant }) => services.script.versions(tenant, p.project_sn),
});
