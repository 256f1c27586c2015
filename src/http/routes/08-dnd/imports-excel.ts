// 8.4 企业防打扰新增
import { z } from 'zod';
import { zOptInt, zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '8.4',
  title: '企业防打扰新增',
  method: 'POST',
  path: '/api/importsExcelapi',
  envelope: 'flat',
  permission: 'dnd.manage',
  multipart: true,
  msg: '添加成功',
  params: z.object({
    phone: zOptStr().describe('单个号码(也可逗号分隔多个);或上传文件 upload'),
    term_value: zOptInt().describe('屏蔽天数,0=永久,默认0'),
    name: zOptStr().describe('姓名'),
    unit: zOptStr().describe('单位'),
    address: zOptStr().describe('地址'),
    remark: zOptStr().describe('备注'),
  }),
  handler: (p, { services, tenant, files }) => services.dnd.add(tenant, p, files),
});
