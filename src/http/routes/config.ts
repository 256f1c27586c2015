// 获取配置 GET /config — enumerations the console and clients use (end reasons usable in fail_recall_of_reason).
import { z } from 'zod';
import { END_REASONS } from '../../services/enums.js';
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
  handler: () =>
    Promise.resolve({
      enum: {
        virtual_extension_endreason_enum: END_REASONS.map((r) => ({ name: r, value: r })),
        task_status_enum: [
          { name: '发送中', value: 0 },
          { name: '已发送', value: 1 },
          { name: '暂停发送', value: 4 },
          { name: '终止发送', value: 6 },
        ],
        intention_enum: ['A', 'B', 'C', 'D', 'E', 'F'].map((v) => ({ name: v, value: v })),
      },
    }),
});
