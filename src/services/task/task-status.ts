// Task and number states, one vocabulary for imports, task management and the dialer (compat-notes "Task lifecycle").

/** tasks.status — the reference's codes (§4.1) plus 2 for "created, not started". */
export const TaskStatus = {
  sending: 0, // 发送中: the dialer works on it
  finished: 1, // 已发送: nothing left to dial
  notStarted: 2, // 未开始 (5.7.3 shows 20 任务未发送)
  paused: 4, // 暂停发送
  terminated: 6, // 终止发送
} as const;
export type TaskStatusValue = (typeof TaskStatus)[keyof typeof TaskStatus];

export const TASK_STATUS_LABEL: Record<TaskStatusValue, string> = {
  0: '发送中',
  1: '已发送',
  2: '未开始',
  4: '暂停发送',
  6: '终止发送',
};

/** tasks.import_status */
export const ImportStatus = { pending: 0, importing: 1, done: 2, failed: 3 } as const;
export type ImportStatusValue = (typeof ImportStatus)[keyof typeof ImportStatus];

/** 5.7.3 `status`: the import state while importing, the task's state after a successful import. */
export function importStatusCode(importStatus: number, taskStatus: number): { status: number; desc: string } {
  if (importStatus === ImportStatus.pending) return { status: 0, desc: '未处理' };
  if (importStatus === ImportStatus.importing) return { status: 1, desc: '导入中' };
  if (importStatus === ImportStatus.failed) return { status: 3, desc: '导入失败' };
  switch (taskStatus) {
    case TaskStatus.sending:
      return { status: 22, desc: '正在发送' };
    case TaskStatus.finished:
      return { status: 21, desc: '发送完成' };
    case TaskStatus.paused:
      return { status: 24, desc: '暂停发送' };
    case TaskStatus.terminated:
      return { status: 23, desc: '发送失败' };
    default:
      return { status: 20, desc: '任务未发送' };
  }
}

/** task_numbers.status */
export const NumberStatus = {
  waiting: 0,
  dialing: 1,
  done: 2,
  cancelled: 3, // 停播 (5.3 / 5.9 / 5.3.2)
  heldBack: 4, // number detection class not imported
  recallWaiting: 5, // waiting for an automatic fail-recall attempt
} as const;
export type NumberStatusValue = (typeof NumberStatus)[keyof typeof NumberStatus];
