// ext 客户池规则 — read the team's pool rules and AI pre-screening default.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '客户池规则(读取)',
  method: 'POST',
  path: '/ext/customer/settings',
  envelope: 'data',
  permission: 'customer.view',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.customerFollow.getSettings(tenant),
});
