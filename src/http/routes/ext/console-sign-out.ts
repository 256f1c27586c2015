// ext 控制台退出登录: ends the console session of the request's cookie and clears the cookies.
import { z } from 'zod';
import { clearConsoleCookies, consoleCredentials } from '../../pipeline/console-cookie.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '控制台退出登录',
  method: 'POST',
  path: '/ext/console/sign-out',
  envelope: 'data',
  msg: '已退出登录',
  params: z.object({}),
  handler: async (_p, { services, req, reply }) => {
    const session = consoleCredentials(req);
    if (session) await services.consoleSession.signOut(session.token);
    clearConsoleCookies(req, reply);
    return undefined;
  },
});
