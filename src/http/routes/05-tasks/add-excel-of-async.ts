// 5.7.1 新建外呼任务接口(excel方式)
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { taskCreateParams } from './task-create-params.js';

export default defineRoute({
  section: '5.7.1',
  title: '新建外呼任务接口(excel方式)',
  method: 'POST',
  path: '/api/addExcelOfAsync',
  envelope: 'data',
  permission: 'task.manage',
  multipart: true,
  msg: '导入成功,等待处理',
  params: z.object(taskCreateParams),
  handler: (p, { services, tenant, files }) => services.taskCreate.createFromUpload(tenant, p, files),
});
