// ext 获取话术 — one version with its definition.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptVersion, zProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: 'ext',
  title: '获取话术版本',
  method: 'POST',
  path: '/ext/scripts/get',
  envelope: 'data',
  permission: 'script.view',
  params: z.object({ project_sn: zProjectSn(), version: zOptVersion().describe('默认: 最新版本') }),
  handler: (p, { services, tenant }) => services.script.get(tenant, p.project_sn, p.version),
});
