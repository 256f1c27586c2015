// ext 导出话术 JSON — a download of one version in the robot's script format.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { JSON_TYPE, sendDownload } from '../07-scripts/download.js';
import { zOptVersion, zProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: 'ext',
  title: '导出话术JSON',
  method: 'GET',
  path: '/ext/scripts/export',
  envelope: 'file',
  permission: 'script.view',
  params: z.object({ project_sn: zProjectSn(), version: zOptVersion().describe('默认: 最新版本') }),
  handler: async (p, { services, tenant, reply }) =>
    sendDownload(reply, await services.script.exportJson(tenant, p.project_sn, p.version), JSON_TYPE),
});
