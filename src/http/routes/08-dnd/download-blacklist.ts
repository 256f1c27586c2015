// 8.3 防打扰下载
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { zList, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default defineRoute({
  section: '8.3',
  title: '防打扰下载',
  method: 'GET',
  path: '/api/downloadBlacklistapi',
  envelope: 'file',
  permission: 'dnd.view',
  params: z.object({
    ids_json: zList(zStr()).optional().describe('只下载这些 id;默认全部'),
  }),
  handler: async (p, { services, tenant, reply }) => {
    const body = new PassThrough();
    services.dnd.exportXlsx(tenant, p, body).catch((err: unknown) => body.destroy(err as Error));
    await reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('防打扰名单.xlsx')}`)
      .send(body);
  },
});
