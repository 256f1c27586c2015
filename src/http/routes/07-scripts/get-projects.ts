// 7.8 获取话术模板接口(用于下拉选框)
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '7.8',
  title: '获取话术模板接口(用于下拉选框)',
  method: 'POST',
  path: '/api/getProjects',
  envelope: 'data',
  permission: 'script.view',
  msg: '获取成功',
  params: z.object({}),
  handler: (_p, { services, tenant }) => services.scriptTemplates.projects(tenant),
});
