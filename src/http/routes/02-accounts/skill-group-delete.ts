// 2.3.4 技能组删除 — the reference shows the list path (copy error); ours follows 2.1.3 (compat-notes "Paths")
import { z } from 'zod';
import { zList, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

export default defineRoute({
  section: '2.3.4',
  title: '技能组删除',
  method: 'POST',
  path: '/api/skillGroupDeleteapi',
  envelope: 'rst',
  permission: 'skillgroup.manage',
  params: z.object({ entityInstanceId: zList(zStr()).pipe(z.array(z.string()).min(1, '不能为空')) }),
  handler: (p, { services, tenant }) => services.skillGroup.remove(tenant, p.entityInstanceId),
});
