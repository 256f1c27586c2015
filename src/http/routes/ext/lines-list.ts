// ext 线路列表 — the team's lines (trunks / caller-number groups) with their calls in progress
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '线路列表',
  method: 'POST',
  path: '/ext/lines/list',
  envelope: 'data',
  permission: 'task.view',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.lines.list(tenant),
});
