// The task state machine in one table (compat-notes "Task lifecycle"). Pure: TaskLifecycleService applies the
// outcome and checks the guards that need the database (import finished, numbers left); it is the only writer of
// tasks.status, and repositories take status values from here or from it, never as literals.
import { TaskStatus, type TaskStatusValue } from './task-status.js';

/** What can happen to a task. `remove` is the soft delete; `reopen` follows a redial of failed numbers. */
export const TaskEvent = {
  start: 'start', // auto start after import, scheduled start
  pause: 'pause', // 5.2 stop, or the platform (line down, script deleted)
  resume: 'resume', // 5.2 keepOn
  reopen: 'reopen', // failed numbers were queued again (5.2 failRe, 5.5 recall_manual=1)
  finish: 'finish', // nothing left to dial
  terminate: 'terminate', // 5.2 end
  remove: 'remove', // 5.2 delete
  append: 'append', // numbers were appended (5.7.2 with dial_task_main_sn): a finished task waits, paused
} as const;
export type TaskEventValue = (typeof TaskEvent)[keyof typeof TaskEvent];

export type TransitionDecision =
  | { readonly kind: 'move'; readonly to: TaskStatusValue }
  | { readonly kind: 'same' }
  | { readonly kind: 'refuse'; readonly message: string };

const { sending, finished, notStarted, paused, terminated } = TaskStatus;

/**
 * The state a task is born in: a task of the API waits for its import (and is started by the import's end, a
 * schedule or 5.2 keepOn); a 5.5 redial copy and the demo task have their numbers already and run at once.
 */
export const InitialTaskStatus = {
  created: notStarted,
  redialCopy: sending,
  demo: sending,
} as const satisfies Record<string, TaskStatusValue>;
type Row = Partial<Record<TaskStatusValue, TaskStatusValue | 'same'>>;

/** Allowed moves; a state missing from an event's row refuses that event. */
const TABLE: Record<TaskEventValue, Row> = {
  start: { [notStarted]: sending, [sending]: 'same' },
  pause: { [sending]: paused, [notStarted]: paused, [paused]: 'same' },
  resume: { [paused]: sending, [notStarted]: sending, [finished]: sending, [sending]: 'same' },
  reopen: { [finished]: sending, [sending]: 'same', [paused]: 'same', [notStarted]: 'same' },
  finish: { [sending]: finished, [finished]: 'same' },
  terminate: { [notStarted]: terminated, [sending]: terminated, [paused]: terminated, [terminated]: 'same' },
  append: { [finished]: paused, [sending]: 'same', [paused]: 'same', [notStarted]: 'same' },
  remove: {
    [notStarted]: terminated,
    [sending]: terminated,
    [paused]: terminated,
    [finished]: 'same',
    [terminated]: 'same',
  },
};

const STATE_TEXT: Record<TaskStatusValue, string> = {
  [sending]: '任务正在发送中',
  [finished]: '任务已发送完成',
  [notStarted]: '任务未开始',
  [paused]: '任务已暂停',
  [terminated]: '任务已终止',
};

const EVENT_TEXT: Record<TaskEventValue, string> = {
  start: '启动',
  pause: '暂停',
  resume: '继续',
  reopen: '重呼',
  finish: '结束',
  terminate: '终止',
  remove: '删除',
  append: '追加号码',
};

/** True for the status codes of §4.1 plus 2 (未开始). */
export function isTaskStatus(value: number): value is TaskStatusValue {
  return Object.values(TaskStatus).includes(value as TaskStatusValue);
}

/**
 * What `event` does to a task in state `from`.
 * @example decide(TaskStatus.terminated, 'resume') // { kind: 'refuse', message: '任务已终止,不能继续' }
 */
export function decide(from: number, event: TaskEventValue): TransitionDecision {
  if (!isTaskStatus(from)) {
    return { kind: 'refuse', message: `任务状态异常(${from}),不能${EVENT_TEXT[event]}` };
  }
  const to = TABLE[event][from];
  if (to === undefined) return { kind: 'refuse', message: `${STATE_TEXT[from]},不能${EVENT_TEXT[event]}` };
  return to === 'same' ? { kind: 'same' } : { kind: 'move', to };
}
