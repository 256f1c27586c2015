// ext 6.5 号码状态说明 — the number-status codes (hangup_serial_number) and their names.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '号码状态说明(6.5)',
  method: 'GET',
  path: '/ext/callResults',
  envelope: 'data',
  auth: 'none',
  msg: '成功',
  params: z.object({}),
  handler: (_p, { services }) => Promise.resolve(services.callRecord.callResults()),
});
