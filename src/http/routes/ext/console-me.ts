// ext 控制台当前用户: who is signed in and which permissions the console may show menus for (null = all).
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '控制台当前用户与权限',
  method: 'GET',
  path: '/ext/console/me',
  envelope: 'data',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.consoleSession.whoAmI(tenant),
});
