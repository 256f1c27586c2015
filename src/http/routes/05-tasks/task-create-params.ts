// Parameters shared by the task-creating endpoints (5.7.1, 5.7.2, /api/addJson): the target and the task options.
// Values are coerced liberally here; their meaning is checked by the service (services/task/task-create-input.ts).
import { z } from 'zod';
import { zOptInt, zOptStr, INT2 } from '../../pipeline/coerce.js';

export const taskCreateParams = {
  project_sn: zOptStr().describe('话术模板 sn(7.1 sn);追加时可省略'),
  source: zOptStr().describe('任务名称:中文、字母、数字、括号、下划线、短横线;追加时可省略'),
  ai_user_sn: zOptStr().describe('所属子账号 user_sn(本团队账号);追加时可省略'),
  dial_task_main_sn: zOptStr().describe('向已有任务追加号码'),
  is_zidong: z.unknown().optional().describe('"on"/1/true = 导入完成后自动开始'),
  timed_started_at: zOptStr().describe('定时开始 Y-m-d H:i:s'),
  is_auto_fail_recall: z.unknown().optional().describe('1 = 开启自动失败重呼'),
  total_fail_recall_times: zOptInt().describe('自动重呼次数 0–10'),
  fail_recall_interval: zOptInt().describe('重呼间隔(分钟)'),
  fail_recall_of_reason: zOptStr().describe('重呼的挂机原因,逗号分隔(§4.6)'),
  priority: zOptInt().describe('优先级'),
  remark: zOptStr().describe('备注'),
  task_type: zOptInt(INT2).describe('0 AI外呼, 1 人工预测式, 2 人工预览式, 3 AI预测式'),
  trunkgroup_sn: zOptStr().describe(
    '外呼线路:线路id(5.1 trunkgroup_sn,/ext/lines/list line_id);留空=团队默认线路',
  ),
  detection_import_classes: z
    .unknown()
    .optional()
    .describe('扩展: 本任务拨打的号码检测类别(shi,kong,tingji,kuwu,chenmo,fenxian),默认取团队设置'),
};
