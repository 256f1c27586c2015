// Validation of 5.7.1 / 5.7.2 / 5.8.1 task options (compat-notes "Task creation"): liberal in spelling, strict in
// meaning. Every problem is listed in one 20002 error, before anything is created.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { parseDateTime } from '../../lib/clock.js';
import { END_REASONS } from '../../telephony/call-result.js';
import type { FailRecall } from './task-create-types.js';

/** Task options as the endpoints receive them (wire names). */
export interface TaskOptionsInput {
  source?: string;
  is_zidong?: unknown;
  timed_started_at?: string;
  is_auto_fail_recall?: unknown;
  total_fail_recall_times?: number;
  fail_recall_interval?: number;
  fail_recall_of_reason?: string;
  priority?: number;
  remark?: string;
  task_type?: number;
  trunkgroup_sn?: string;
}

export interface TaskOptions {
  name: string;
  autoStart: boolean;
  timedStartedAt: Date | null;
  failRecall: FailRecall;
  priority: number;
  remark: string;
  taskType: number;
  /** The line chosen for the task (a line id, not yet known to exist); null = the team's default line. */
  lineId: string | null;
}

/** CJK ideographs, letters, digits, ASCII and full-width parentheses, underscore, dash. */
const NAME = /^[\p{Script=Han}A-Za-z0-9()（）_-]+$/u;
const NAME_MAX = 64;
/** A line id: a positive integer a JavaScript number holds exactly. */
const LINE_ID = /^[1-9]\d{0,14}$/;
/** With no reasons given, automatic redial covers every end reason except the two that mean "no such line". */
export const DEFAULT_RECALL_REASONS = END_REASONS.filter((r) => r !== '空号' && r !== '停机');

/** "on" / 1 / true (any case, as string or value) → true; "", 0, "off", false, absent → false. */
export function parseSwitch(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return false;
  const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (v === true || v === 1 || v === '1' || v === 'on' || v === 'true' || v === 'yes') return true;
  if (v === false || v === 0 || v === '0' || v === 'off' || v === 'false' || v === 'no') return false;
  return undefined;
}

/**
 * Checks the task name of a new task; `undefined` when valid, else the problem.
 * @example nameProblem('测试任务(1)_a-b') // undefined
 */
export function nameProblem(name: string | undefined): string | undefined {
  const n = (name ?? '').trim();
  if (n === '') return 'source: 任务名称不能为空';
  if (n.length > NAME_MAX) return `source: 任务名称不能超过${NAME_MAX}个字符`;
  if (!NAME.test(n)) return 'source: 任务名称只能包含中文、字母、数字、括号、下划线和短横线';
  return undefined;
}

/** Validates the options of a new task (appends ignore them). */
export function parseTaskOptions(input: TaskOptionsInput, timeZone: string): TaskOptions {
  const problems: string[] = [];
  const nameIssue = nameProblem(input.source);
  if (nameIssue) problems.push(nameIssue);
  const autoStart = parseSwitch(input.is_zidong);
  if (autoStart === undefined) problems.push('is_zidong: 须为on/1/true或留空');
  let timedStartedAt: Date | null = null;
  if (input.timed_started_at !== undefined && input.timed_started_at.trim() !== '') {
    timedStartedAt = parseDateTime(input.timed_started_at, timeZone) ?? null;
    if (timedStartedAt === null) problems.push('timed_started_at: 须为Y-m-d H:i:s格式的时间');
  }
  const failRecall = parseFailRecall(input, problems);
  const taskType = input.task_type ?? 0;
  if (![0, 1, 2, 3].includes(taskType)) problems.push('task_type: 须为0/1/2/3');
  const remark = input.remark ?? '';
  if (remark.length > 500) problems.push('remark: 不能超过500个字符');
  const priority = input.priority ?? 0;
  if (priority < -1000 || priority > 1000) problems.push('priority: 须在-1000到1000之间');
  const line = (input.trunkgroup_sn ?? '').trim();
  if (line !== '' && !LINE_ID.test(line)) problems.push('trunkgroup_sn: 须为线路id(正整数),留空为默认线路');
  if (problems.length > 0) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${problems.join('; ')}`);
  return {
    name: (input.source ?? '').trim(),
    autoStart: autoStart ?? false,
    timedStartedAt,
    failRecall,
    priority,
    remark,
    taskType,
    lineId: line === '' ? null : line,
  };
}

function parseFailRecall(input: TaskOptionsInput, problems: string[]): FailRecall {
  const enabled = parseSwitch(input.is_auto_fail_recall);
  if (enabled === undefined) problems.push('is_auto_fail_recall: 须为0或1');
  const times = input.total_fail_recall_times ?? (enabled ? 1 : 0);
  if (times < 0 || times > 10) problems.push('total_fail_recall_times: 须为0–10');
  const interval = input.fail_recall_interval ?? (enabled ? 30 : 0);
  if (interval < 0 || interval > 1440) problems.push('fail_recall_interval: 须为0–1440分钟');
  const given = (input.fail_recall_of_reason ?? '')
    .split(/[,，、\s]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = given.filter((r) => !END_REASONS.includes(r));
  if (unknown.length > 0) problems.push(`fail_recall_of_reason: 未知的原因 ${unknown.join('、')}`);
  const reasons = given.length > 0 ? [...new Set(given)] : enabled ? [...DEFAULT_RECALL_REASONS] : [];
  if (enabled && interval < 1) problems.push('fail_recall_interval: 开启自动重呼时须至少1分钟');
  return { enabled: enabled ?? false, times, interval, reasons };
}
