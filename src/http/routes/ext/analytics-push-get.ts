// ext 7.7 推送数据分析数据 — read the analytics push settings.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '获取数据分析推送设置(7.7)',
  method: 'POST',
  path: '/ext/getAnalyticsPush',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.analytics.settings(tenant),
});
