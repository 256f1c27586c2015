// 7.2 话术模板详情接口
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptProjectSn } from './script-params.js';

export default defineRoute({
  section: '7.2',
  title: '话术模板详情接口',
  method: 'POST',
  path: '/api/templatedata',
  envelope: 'flat',
  permission: 'script.view',
  params: z.object({
    project_sn: zOptProjectSn().describe('话术模板 sn'),
    // The reference's example sends the sn as parent_sn by mistake.
    parent_sn: zOptProjectSn().describe('project_sn 的别名(文档示例误用)'),
  }),
  handler: (p, { services, tenant }) =>
    services.scriptTemplates.templateData(tenant, p.project_sn || p.parent_sn || ''),
});
