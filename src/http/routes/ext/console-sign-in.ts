// ext 控制台登录: the operator console's own session (HttpOnly cookie + CSRF cookie); never touches api_keys.
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { setConsoleCookies } from '../../pipeline/console-cookie.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '控制台登录(会话Cookie,不影响api_key)',
  method: 'POST',
  path: '/ext/console/sign-in',
  envelope: 'data',
  auth: 'none',
  msg: '登录成功',
  params: z.object({
    username: zStr().describe('用户名'),
    password: zStr().describe('密码'),
  }),
  handler: async (p, { services, req, reply }) => {
    const session = await services.consoleSession.signIn(
      { username: p.username, password: p.password },
      req.ip,
    );
    setConsoleCookies(req, reply, session.token, session.csrf);
    const tenant = await services.consoleSession.authenticate(session.token, session.csrf);
    return services.consoleSession.whoAmI(tenant);
  },
});
