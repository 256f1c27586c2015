// 2.2.1 分机号列表
import { z } from 'zod';
import { zOptStr, zPaging } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '2.2.1',
  title: '分机号列表',
  method: 'POST',
  path: '/api/getExtDatasapi',
  envelope: 'data',
  permission: 'extension.view',
  params: z.object({ ...zPaging(5), ext: zOptStr() }),
  handler: (p, { services, tenant }) => services.account.listExtensions(tenant, p),
});
