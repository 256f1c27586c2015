// 7.6 话术待学习问题添加 — the reference shows the path as "/api/ speechSaveapi" (stray space); compat-notes "7.6".
import { z } from 'zod';
import { zInt, zOptStr, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zProjectSn } from './script-params.js';

const text = () => zOptStr().pipe(z.string().max(2000, { error: '最长 2000 字' }).optional());

export default defineRoute({
  section: '7.6',
  title: '话术待学习问题添加',
  method: 'POST',
  path: '/api/speechSaveapi',
  envelope: 'data',
  permission: 'script.manage',
  msg: '添加成功',
  params: z.object({
    project_sn: zProjectSn(),
    type: zInt(INT2)
      .pipe(z.union([z.literal(1), z.literal(2), z.literal(3)], { error: '须为 1、2 或 3' }))
      .describe('1 无法回答, 2 答非所问, 3 识别异常'),
    desc: text().describe('说明'),
    context_above: text().describe('机器人上一句'),
    context_follow: text().describe('客户的回答'),
    answer_above: text().describe('机器人下一句'),
    accounts_sn: zOptStr().pipe(z.string().max(100).optional()).describe('通话流水 sn'),
  }),
  handler: (p, { services, tenant }) => services.scriptTemplates.addToLearn(tenant, p),
});
