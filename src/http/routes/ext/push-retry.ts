// ext 设置推送重试策略: exponential backoff with full jitter (see compat-notes "Push retry schedule").
import { z } from 'zod';
import { zOptInt, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptNumber } from './push-params.js';

export default defineRoute({
  section: 'ext',
  title: '设置推送重试策略',
  method: 'POST',
  path: '/ext/push/retry',
  envelope: 'data',
  permission: 'callback.manage',
  params: z.object({
    base_seconds: zOptNumber().describe('首次重试的最大等待秒数(1–3600,默认30)'),
    factor: zOptNumber().describe('每次重试等待上限的倍数(1–10,默认2)'),
    max_delay_seconds: zOptNumber().describe('两次尝试间最长等待秒数(1–86400,默认3600)'),
    max_age_hours: zOptNumber().describe('自首次尝试起的重试时长(小时,1–720,默认24)'),
    min_attempts: zOptNumber().describe('进入死信前的最少尝试次数(4–100,默认4)'),
    reset: zOptInt(INT2).describe('1 = 先恢复默认值'),
  }),
  handler: (p, { services, tenant }) => services.pushSettings.setRetry(tenant, p),
});
