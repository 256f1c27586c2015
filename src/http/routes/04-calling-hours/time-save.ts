// 4.4 外呼时间设置(新)
import { z } from 'zod';
import { zOptInt, zOptStr, INT2 } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

const windows = () => zOptStr().describe('如 08:30-12:00,13:30-20:30;空字符串 = 当天不外呼;最多4段');

export default defineRoute({
  section: '4.4',
  title: '外呼时间设置(新)',
  method: 'POST',
  path: '/api/timeSave',
  envelope: 'data',
  permission: 'calltime.manage',
  msg: '设置成功',
  params: z.object({
    week1: windows(),
    week2: windows(),
    week3: windows(),
    week4: windows(),
    week5: windows(),
    week6: windows(),
    week7: windows(),
    holiday: windows().describe('法定节假日外呼时间段'),
    holiday_status: zOptInt(INT2).describe('1 = 节假日按 holiday 时间段(调休上班日按周一), 0 = 不区分节假日'),
  }),
  handler: (p, { services, tenant }) => services.callingHours.save(tenant, p),
});
