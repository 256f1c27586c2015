// ext 修改话术 — every save is a new version; the published version is unchanged unless `publish` is set.
import { z } from 'zod';
import { zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zDefinition } from './scripts-create.js';
import { zOptBool, zOptVersion, zProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: 'ext',
  title: '修改话术(新版本)',
  method: 'POST',
  path: '/ext/scripts/update',
  envelope: 'data',
  permission: 'script.manage',
  msg: '保存成功',
  params: z.object({
    project_sn: zProjectSn(),
    definition: zDefinition(),
    project_name: zOptStr().pipe(z.string().max(100).optional()),
    publish: zOptBool().describe('1: 保存后立即发布'),
    base_version: zOptVersion().describe('编辑所基于的版本; 已有更新版本时拒绝 (40009)'),
  }),
  handler: ({ project_sn, ...input }, { services, tenant }) =>
    services.script.update(tenant, project_sn, input),
});
