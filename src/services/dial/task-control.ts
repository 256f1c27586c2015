import type { TransitionResult } from '../task/task-lifecycle.service.js';

/**
 * The task-state changes the dialer asks for. {@link TaskLifecycleService} implements it: it is the one writer of
 * the task state machine, for the API, imports and the dialer alike.
 */
export interface TaskControl {
  /** 发送中 → 暂停发送 with the reason shown to operators; `forLineId`: waiting for that line to answer again. */
  pauseWithReason(taskId: string, reason: string, forLineId?: string): Promise<TransitionResult>;
  /** 暂停发送 → 发送中, only while the task is still paused with exactly `reason` (not by an operator since). */
  resumeIfPausedWith(taskId: string, reason: string): Promise<TransitionResult>;
  /** 发送中 → 已发送 for those of the tasks with no number left; returns the ones that finished. */
  finishIdle(taskIds: readonly string[]): Promise<readonly { id: string; sn: string }[]>;
}
