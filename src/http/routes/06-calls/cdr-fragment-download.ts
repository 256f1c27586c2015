// 6.3 获得分段录音播放源接口
import { z } from 'zod';
import { zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { sendRecording } from './send-recording.js';

export default defineRoute({
  section: '6.3',
  title: '获得分段录音播放源接口',
  method: 'GET',
  path: '/api/cdrFragmentDownload',
  envelope: 'file',
  permission: 'record.recording',
  params: z.object({
    recordfile: zStr().describe('分段录音文件(6.4 fenduanluyin)'),
  }),
  handler: async (p, { services, tenant, req, reply }) =>
    sendRecording(req, reply, await services.recording.open(tenant, { recordfile: p.recordfile })),
});
