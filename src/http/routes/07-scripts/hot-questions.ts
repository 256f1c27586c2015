// 7.3 话术热点问题接口 — the reference shows /api/index (5.1's path) by mistake; compat-notes "7.3".
import { z } from 'zod';
import { zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zProjectSn } from './script-params.js';

export default defineRoute({
  section: '7.3',
  title: '话术热点问题接口',
  method: 'POST',
  path: '/api/hotQuestions',
  envelope: 'flat',
  permission: 'script.view',
  params: z.object({ ...zPaging(5), project_sn: zProjectSn() }),
  handler: (p, { services, tenant }) => services.scriptTemplates.hotQuestions(tenant, p),
});
