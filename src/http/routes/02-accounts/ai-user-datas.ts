// 2.1.1 子账号列表
import { z } from 'zod';
import { zOptStr, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '2.1.1',
  title: '子账号列表',
  method: 'POST',
  path: '/api/aiUserDatasapi',
  envelope: 'bare',
  params: z.object({ ...zPaging(5), user_name: zOptStr() }),
  handler: (p, { services, tenant }) => services.account.listSubAccounts(tenant, p),
});
