// ext 待学习问题标注(7.5/7.6 扩展): teaches the script a reply it missed — the item's heard text becomes a learned
// example of a new script version, leading to the branch, global handler or knowledge item given here.
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptBool, zProjectSn } from '../07-scripts/script-params.js';

const zName = (what: string) => zOptStr().pipe(z.string().trim().max(200).optional()).describe(what);

export default defineRoute({
  section: 'ext',
  title: '待学习问题标注(学习为话术样本)',
  method: 'POST',
  path: '/ext/scripts/to-learn/label',
  envelope: 'data',
  permission: 'script.manage',
  msg: '已学习',
  params: z.object({
    project_sn: zProjectSn(),
    id: zStr()
      .pipe(
        z
          .string()
          .trim()
          .regex(/^\d{1,18}$/, { error: '须为待学习问题 id (7.5 data[].id)' }),
      )
      .describe('待学习问题 id (7.5 data[].id)'),
    node: zName('听取回复的节点 id; 默认为识别到该回复时的节点'),
    branch: zName('应进入的分支: 分支 id 或 "<节点id>#<序号>"(从1起)'),
    global: zName('应触发的全局处理 id'),
    asks_sn: zName('应回答的知识库问题 asks_sn'),
    publish: zOptBool().describe('1: 立即发布学习后的新版本'),
  }),
  handler: (p, { services, tenant }) => services.script.labelToLearn(tenant, p),
});
