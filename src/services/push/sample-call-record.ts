// The 6.6.2 push-test body: one realistic call record shaped like a 6.6.1 push (the fields of a 6.1 record, in
// the order of the reference's samples), marked as a sample by its script caption and task name. Receivers can
// parse it with the same code as real pushes.
import { randomBytes } from 'node:crypto';
import { formatDateTime } from '../../lib/clock.js';

export interface SampleRecordContext {
  teamSn: string;
  teamName: string;
  userSn: string;
  userName: string;
  /** The main account's user name for a sub-account, null for the main account itself. */
  parentSn: string | null;
  timeZone: string;
  now: Date;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * A sample 6.6.1 call record: answered, 88 s, intention A, hung up 2 s before `now`.
 * @example JSON.stringify(sampleCallRecord({ teamSn, teamName, userSn, userName, parentSn: null, timeZone, now }))
 */
export function sampleCallRecord(c: SampleRecordContext): Record<string, unknown> {
  const at = (secondsBefore: number) =>
    formatDateTime(new Date(c.now.getTime() - secondsBefore * 1000), c.timeZone);
  const callId = `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`;
  const started = new Date(c.now.getTime() - 100_000);
  const stamp = formatDateTime(started, c.timeZone).replace(/[-: ]/g, '');
  const day = stamp.slice(0, 8);
  return {
    id: 1,
    sn: `account|${hex(16)}`,
    user_sn: c.userSn,
    user_name: c.userName,
    parent_sn: c.parentSn,
    team_sn: c.teamSn,
    team_name: c.teamName,
    created_at: at(0),
    updated_at: at(0),
    name: '张三',
    phone: '13800138000',
    address: '广东省深圳市南山区',
    unit: '示例科技有限公司',
    unit_phone: null,
    project_sn: `projects|${hex(16)}`,
    project_caption: '推送测试示例话术',
    connected_at: at(92),
    disconnected_at: at(4),
    talktimes: 88,
    status: 'A',
    status_manual: '',
    source: '推送测试任务',
    started_at: at(100),
    operator: c.userName,
    mark: '',
    is_transfertoagent: 0,
    fs_push_screens: 0,
    pushed_at: null,
    listened_at: null,
    intervention_at: null,
    fs_listen_agent: '',
    fs_monitor_change_talk: 0,
    fs_intervention_time: 0,
    fs_push_screens_total: 0,
    actual_push_screens_total: 0,
    dial_task_main_sn: `dial_task_main_sn|${hex(16)}`,
    turn_count: 6,
    asks_count: 1,
    score: 85,
    hangup_serial_number: '',
    hangup_by: 'callee',
    area_code: '0755',
    recordpath: '/mnt/record',
    recordfile: `/mnt/record/${day}/${stamp.slice(8, 12)}/${stamp}_${c.parentSn ?? c.userName}_${c.userName}_${callId}_8000.wav`,
  };
}
