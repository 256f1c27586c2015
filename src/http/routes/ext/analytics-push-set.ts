// ext 7.7 推送数据分析数据 — set the analytics push URL and interval (the reference sets them in its console).
import { z } from 'zod';
import { zOptInt, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '设置数据分析推送(7.7)',
  method: 'POST',
  path: '/ext/setAnalyticsPush',
  envelope: 'data',
  permission: 'callback.manage',
  msg: 'SUCCESS',
  params: z.object({
    analytics_url: zStr().describe('7.7 推送地址;空字符串关闭推送'),
    analytics_interval: zOptInt().describe('推送间隔(分钟,1–1440,默认10)'),
  }),
  handler: (p, { services, tenant }) => services.analytics.setSettings(tenant, p),
});
