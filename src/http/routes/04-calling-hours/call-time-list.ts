// 4.3 外呼时间列表(新)
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '4.3',
  title: '外呼时间列表(新)',
  method: 'POST',
  path: '/api/callTimeList',
  envelope: 'data',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.callingHours.get(tenant),
});
