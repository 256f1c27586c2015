// 3.5 角色详情 — not enveloped in the reference
import { z } from 'zod';
import { zInt, INT8 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '3.5',
  title: '角色详情',
  method: 'POST',
  path: '/api/roleEditapi',
  envelope: 'bare',
  permission: 'role.manage',
  params: z.object({ id: zInt(INT8) }),
  handler: (p, { services, tenant }) => services.role.detail(tenant, p.id),
});
