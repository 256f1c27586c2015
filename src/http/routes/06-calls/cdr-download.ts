// 6.2 获得录音播放源接口
import { z } from 'zod';
import { zOptStr, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';
import { sendRecording } from './send-recording.js';

export default defineRoute({
  section: '6.2',
  title: '获得录音播放源接口',
  method: 'GET',
  path: '/api/cdrDownload',
  envelope: 'file',
  permission: 'record.recording',
  params: z.object({
    recordpath: zOptStr().describe('录音目录(6.1/推送中的recordpath)'),
    recordfile: zStr().describe('录音文件(6.1/推送中的recordfile)'),
  }),
  handler: async (p, { services, tenant, req, reply }) =>
    sendRecording(req, reply, await services.recording.open(tenant, p)),
});
