// Rows → the reference's wire fields (5.1 list items, 5.4 header and detail rows, 5.6 stop records).
// Field names are verbatim from the vendor doc, including its spellings (`stoped_at`).
import { formatDateTime } from '../../lib/clock.js';
import type { TaskView } from '../../repositories/task-manage.repository.js';
import { detailSn, detailTypeOf } from './detail-sn.js';
import { ANSWERED } from './fail-reasons.js';
import { NumberStatus, TASK_STATUS_LABEL, TaskStatus, type NumberStatusValue } from './task-status.js';
import { isTaskStatus } from './task-transitions.js';

/** Chinese names of task_numbers.status (5.4 `status_name`). */
export const NUMBER_STATUS_LABEL: Record<NumberStatusValue, string> = {
  [NumberStatus.waiting]: '待呼叫',
  [NumberStatus.dialing]: '呼叫中',
  [NumberStatus.done]: '已呼叫',
  [NumberStatus.cancelled]: '已停播',
  [NumberStatus.heldBack]: '已过滤',
  [NumberStatus.recallWaiting]: '等待重呼',
};

/** `Y-m-d H:i:s` in the team zone; null when unset (compat-notes "Task list fields"). */
export function dateTimeOrNull(d: Date | null, timeZone: string): string | null {
  return d ? formatDateTime(d, timeZone) : null;
}

/**
 * Answered share of dialed numbers, at most two decimals.
 * @example percentText(1, 2) // '50%'   percentText(1, 3) // '33.33%'   percentText(0, 0) // '0%'
 */
export function percentText(success: number, sendCount: number): string {
  if (sendCount <= 0) return '0%';
  return `${Math.round((success * 10000) / sendCount) / 100}%`;
}

function statusLabel(status: number): string {
  return isTaskStatus(status) ? TASK_STATUS_LABEL[status] : String(status);
}

function numberStatusLabel(status: number): string {
  return status in NUMBER_STATUS_LABEL ? NUMBER_STATUS_LABEL[status as NumberStatusValue] : String(status);
}

/** 5.1 list item. */
export function toTaskItem(t: TaskView, tz: string) {
  return {
    dial_task_main_id: Number(t.id),
    dial_task_main_sn: t.sn,
    status: statusLabel(t.status),
    status_code: t.status,
    status_reason: t.status_reason,
    user_sn: t.user_sn,
    user_name: t.user_name,
    team_sn: t.team_sn,
    team_name: t.team_name,
    created_at: formatDateTime(t.created_at, tz),
    last_modify: formatDateTime(t.updated_at, tz),
    started_at: dateTimeOrNull(t.started_at, tz),
    stoped_at: dateTimeOrNull(t.stoped_at, tz),
    total_count: t.total_count,
    send_count: t.send_count,
    unsend_count: Math.max(0, t.total_count - t.send_count),
    success: t.success,
    fail: t.fail,
    stops: t.stops,
    percent: percentText(t.success, t.send_count),
    remark: t.remark,
    ring_groups: '',
    priority: t.priority,
    project_sn: t.project_sn,
    project_caption: t.project_caption,
    percentage: null,
    source: t.name,
    batch: t.batch,
    trunkgroup_sn: t.line_id ?? '',
    caller_group: t.caller_group,
    mark: '',
    operator: t.operator_name ?? '',
    parent_sn: t.parent_name,
    task_type: t.task_type,
    ai_distribution_type: null,
  };
}

/** 5.4 `info`: the list item plus the header fields the detail page shows. */
export function toTaskInfo(t: TaskView, tz: string) {
  return {
    ...toTaskItem(t, tz),
    is_temporary_stop: t.status === TaskStatus.paused ? 1 : 0,
    cancel_count: t.stops,
    timed_started_at: dateTimeOrNull(t.timed_started_at, tz),
    is_zidong: t.auto_start ? 'on' : '',
    import_status: t.import_status,
    import_percent: `${t.import_percent}%`,
    is_auto_fail_recall: t.fail_recall.enabled ? 1 : 0,
    total_fail_recall_times: t.fail_recall.times,
    fail_recall_interval: t.fail_recall.interval,
    fail_recall_of_reason: t.fail_recall.reasons.join(','),
  };
}

export interface NumberRow {
  id: string;
  phone: string;
  columns: Record<string, string>;
  detection: string | null;
  status: number;
  attempts: number;
  next_attempt_at: Date | null;
  last_result: string | null;
  created_at: Date;
  updated_at: Date;
}

/** 5.4 detail row. */
export function toDetailItem(n: NumberRow, tz: string) {
  return {
    sn: detailSn(n.id),
    detail_type: detailTypeOf(n),
    phone: n.phone,
    name: n.columns['姓名'] ?? '',
    status: n.status,
    status_name: numberStatusLabel(n.status),
    call_count: n.attempts,
    last_result: n.last_result === ANSWERED ? '已接通' : (n.last_result ?? ''),
    next_call_at: dateTimeOrNull(n.next_attempt_at, tz),
    detection: n.detection ?? '',
    columns: n.columns,
    created_at: formatDateTime(n.created_at, tz),
    updated_at: formatDateTime(n.updated_at, tz),
  };
}

/** 5.6 stop record: the detail row with its task and when it was stopped. */
export function toStopItem(
  n: NumberRow & { task_id: string; task_sn: string; task_name: string; user_name: string },
  tz: string,
) {
  return {
    dial_task_main_sn: n.task_sn,
    dial_task_main_id: Number(n.task_id),
    source: n.task_name,
    user_name: n.user_name,
    ...toDetailItem(n, tz),
    stoped_at: formatDateTime(n.updated_at, tz),
  };
}
