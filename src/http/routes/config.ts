// 获取配置 GET /config — enumerations the console and clients use (end reasons usable in fail_recall_of_reason).
import { z } from 'zod';
import { configEnums } from '../../services/config-enums.js';
import { defineRoute } from '../pipeline/define-route.js';

export default defineRoute({
  section: 'config',
  title: '获取配置',
  method: 'GET',
  path: '/config',
  envelope: 'data',
  auth: 'none',
  msg: '成功',
  params: z.object({}),
  handler: () => Promise.resolve({ enum: configEnums() }),
});
