// 1.2 获取api_key(api_access_id方式) and 1.3 获取api_key(账号密码方式) — one path, told apart by `from`.
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../lib/app-error.js';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { verifyUrl } from '../../pipeline/register-routes.js';

export default defineRoute({
  section: '1.2',
  title: '获取api_key(api_access_id方式 from=1 / 账号密码方式 from=2)',
  method: 'POST',
  path: '/api/login',
  envelope: 'data',
  auth: 'none',
  msg: 'login success',
  params: z.object({
    from: zStr().describe('1 = api_access_id 方式, 2 = 账号密码方式'),
    api_access_id: zOptStr(),
    timestamp: zOptStr().describe('Y-m-d H:i:s,与服务器时间相差5分钟内'),
    sign: zOptStr().describe('md5(api_access_id + api_access_secret + timestamp)'),
    username: zOptStr(),
    password: zOptStr(),
    url: zOptStr().describe('防劫持字符串 §1.5'),
  }),
  handler: async (p, { services, req }) => {
    const from = p.from.trim();
    if (from === '1') {
      if (!p.api_access_id || !p.timestamp || !p.sign) {
        throw new AppError(ErrorCode.WrongDataFormat, '参数错误: api_access_id、timestamp、sign 均为必填');
      }
      return services.auth.loginByAccessId(
        { api_access_id: p.api_access_id, timestamp: p.timestamp, sign: p.sign },
        req.ip,
      );
    }
    if (from === '2') {
      if (!p.username || !p.password) {
        throw new AppError(ErrorCode.WrongDataFormat, '参数错误: username、password 均为必填');
      }
      verifyUrl(req, p.url, false);
      return services.auth.loginByPassword({ username: p.username, password: p.password }, req.ip);
    }
    throw new AppError(ErrorCode.ClientTypeMissing, `客户端类型不存在: from=${p.from}`);
  },
});
