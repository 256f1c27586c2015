// ext 导入预览(5.7.1 上传前): the file read as 5.7.1 will read it — column mapping and the first rows; stores nothing.
import { z } from 'zod';
import { zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: 'ext',
  title: '导入文件预览(列对应与前10行)',
  method: 'POST',
  path: '/ext/console/import-preview',
  envelope: 'data',
  permission: 'task.manage',
  multipart: true,
  params: z.object({
    project_sn: zOptStr().describe('话术模板 sn(新建任务)'),
    dial_task_main_sn: zOptStr().describe('或已有任务 sn(追加号码)'),
  }),
  handler: (p, { services, tenant, files }) => services.importPreview.preview(tenant, p, files),
});
