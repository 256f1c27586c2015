// 8.2 防打扰删除
import { z } from 'zod';
import { zList, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '8.2',
  title: '防打扰删除',
  method: 'POST',
  path: '/api/BlackListDelete',
  envelope: 'flat',
  permission: 'dnd.manage',
  msg: '移除成功',
  params: z.object({
    ids_json: zList(zStr()).optional().describe('id 列表,如 ["88","12"]'),
    phone_str: zList(zStr()).optional().describe('号码,逗号分隔'),
  }),
  handler: (p, { services, tenant }) => services.dnd.remove(tenant, p),
});
