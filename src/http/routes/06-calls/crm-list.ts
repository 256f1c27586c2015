// 6.1 获取通话流水
import { z } from 'zod';
import { zInt, zList, zOptInt, zOptStr, zPaging, zStr } from '../../pipeline/coerce.js';
import { defineRoute } from '../../pipeline/define-route.js';

/** An optional list (array, JSON array text or comma list); null and '' mean "not given". */
const optList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === null ? undefined : v), zList(item).optional());
/** Accepted for compatibility and ignored (compat-notes "Call records"). */
const noOp = () => z.unknown().optional();

export default defineRoute({
  section: '6.1',
  title: '获取通话流水',
  method: 'POST',
  path: '/api/crmList',
  envelope: 'data',
  permission: 'record.view',
  params: z.object({
    ...zPaging(10, 10_000),
    start_create_at: zOptStr().describe('创建时间起(Y-m-d H:i:s或Y-m-d);起止都为空时为今天'),
    end_create_at: zOptStr().describe('创建时间止(含);只给日期时含当天整天'),
    updated_at: zOptStr().describe('最后更新时间:返回此时间及之后更新的记录(增量同步)'),
    phone: zOptStr().describe('号码(精确)'),
    dial_task_main_sn: optList(zStr()).describe('任务sn,可逗号分隔多个'),
    ids_json: optList(zStr()).describe('记录id或sn的JSON数组'),
    project_sn: optList(zStr()).describe('话术模板sn'),
    namephone: zOptStr().describe('姓名或号码模糊搜索'),
    talktimes_min: zOptInt(),
    talktimes_max: zOptInt(),
    turn_count_min: zOptInt(),
    turn_count_max: zOptInt(),
    score_min: zOptInt(),
    score_max: zOptInt(),
    asks_count_min: zOptInt(),
    asks_count_max: zOptInt(),
    hangup_serial_number: optList(zInt()).describe('号码状态码(6.5),可逗号分隔多个'),
    area_code: zOptStr().describe('固话区号,如010'),
    status_search: zOptStr().describe('status(AI意向等级,默认)或status_manual(人工分类)'),
    status: optList(zStr()).describe('等级,逗号分隔,如A,B'),
    status_value: optList(zStr()).describe('等级数组,如["A","B"]'),
    mark: zOptStr().describe('备注模糊搜索'),
    dynamic_labelling: optList(zStr()).describe('标签,含任一即匹配'),
    warning_times_min: zOptInt(),
    warning_times_max: zOptInt(),
    fs_intervention_time_min: zOptInt(),
    fs_intervention_time_max: zOptInt(),
    qc_status: noOp(),
    return_visit: noOp(),
    warning_results: noOp(),
    seating_assistance: noOp(),
  }),
  handler: (p, { services, tenant }) => services.callRecord.list(tenant, p),
});
