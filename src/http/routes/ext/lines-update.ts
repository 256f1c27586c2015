// ext 修改线路 — change a line's name, caller, limits, config or default flag (the dialer applies it within a second)
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { LineFields } from './lines-create.js';

export default defineRoute({
  section: 'ext',
  title: '修改线路',
  method: 'POST',
  path: '/ext/lines/update',
  envelope: 'data',
  permission: 'account.manage',
  msg: '修改成功',
  params: z.object({ line_id: zStr().describe('线路id'), kind: zOptStr(), ...LineFields }),
  handler: ({ line_id, ...p }, { services, tenant }) => services.lines.update(tenant, line_id, p),
});
