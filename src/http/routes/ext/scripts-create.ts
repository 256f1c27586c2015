// ext 新建话术 — validates the robot's script JSON and stores it as version 1.
import { z } from 'zod';
import { zJson, zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptBool } from '../07-scripts/script-params.js';

/** The robot's script JSON, as an object or a string holding it. */
export const zDefinition = () =>
  zJson(z.record(z.string(), z.unknown(), { error: '须为话术 JSON 对象' })).describe(
    '话术定义 (robot script JSON)',
  );

export default defineRoute({
  section: 'ext',
  title: '新建话术',
  method: 'POST',
  path: '/ext/scripts/create',
  envelope: 'data',
  permission: 'script.manage',
  msg: '创建成功',
  params: z.object({
    definition: zDefinition(),
    project_name: zOptStr().pipe(z.string().max(100).optional()),
    publish: zOptBool().describe('1: 保存后立即发布'),
  }),
  handler: (p, { services, tenant }) => services.script.create(tenant, p),
});
