// ext 导入话术 JSON — from an uploaded file (`upload`) or a `json` text field; a new script, or a new version
// of `project_sn`.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../lib/app-error.js';
import { zOptStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { zOptBool, zOptProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: 'ext',
  title: '导入话术JSON',
  method: 'POST',
  path: '/ext/scripts/import',
  envelope: 'data',
  permission: 'script.manage',
  multipart: true,
  msg: '导入成功',
  params: z.object({
    json: zOptStr().describe('话术 JSON 文本(或以 upload 上传文件)'),
    project_sn: zOptProjectSn().describe('导入为该话术的新版本; 空 = 新建话术'),
    project_name: zOptStr().pipe(z.string().max(100).optional()),
    publish: zOptBool(),
  }),
  handler: async ({ json, ...opts }, { services, tenant, files }) => {
    const file = files.find((f) => f.field === 'upload') ?? files[0];
    const text = file ? await readFile(file.path, 'utf8') : json;
    if (text === undefined || text.trim() === '') {
      throw new AppError(ErrorCode.ImportFileEmpty, '导入文件为空');
    }
    return services.script.importJson(tenant, text, opts);
  },
});
