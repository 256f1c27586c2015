// 5.11 下载话术模板接口 — the task-import template of a script: columns as JSON, extended-field descriptions, or xlsx.
import { z } from 'zod';
import { defineRoute } from '../../pipeline/define-route.js';
import { successBody } from '../../pipeline/envelope.js';
import { sendDownload, XLSX_TYPE } from '../07-scripts/download.js';
import { zProjectSn } from '../07-scripts/script-params.js';

export default defineRoute({
  section: '5.11',
  title: '下载话术模板接口',
  method: 'GET',
  path: '/api/exportModel',
  // Two answers are JSON and one is a file, so the handler writes every reply itself.
  envelope: 'file',
  permission: 'task.view',
  params: z.object({
    project_sn: zProjectSn(),
    type: z
      .preprocess(
        (v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v.trim().toLowerCase() : v),
        z.enum(['', 'json', 'extend'], { error: 'type 须为 json、extend 或留空' }),
      )
      .describe('json: 列名; extend: 扩展字段说明; 留空: 下载 xlsx'),
  }),
  handler: async (p, { services, tenant, reply }) => {
    const templates = services.scriptTemplates;
    switch (p.type) {
      case 'json':
        return reply.send(successBody('data', [await templates.importColumns(tenant, p.project_sn)], ''));
      case 'extend':
        return reply.send(successBody('data', await templates.extendedFields(tenant, p.project_sn), ''));
      case '':
        return sendDownload(reply, await templates.importTemplate(tenant, p.project_sn), XLSX_TYPE);
    }
  },
});
