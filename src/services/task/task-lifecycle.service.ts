// Applies the task state machine (task-transitions.ts) to the store: the one writer of tasks.status, for start,
// pause, resume, finish, terminate and delete, used by the management endpoints, imports and the dialer.
import type { Clock } from '../../lib/clock.js';
import { taskNumberManageRepository } from '../../repositories/task-manage-numbers.repository.js';
import { taskManageRepository, type LockedTask } from '../../repositories/task-manage.repository.js';
import type { Executor, Store } from '../../repositories/store.js';
import { ImportStatus, NumberStatus, TaskStatus } from './task-status.js';
import { decide, TaskEvent, type TaskEventValue } from './task-transitions.js';

/** The outcome of one event: `changed` is false when the task already was in the target state. */
export type TransitionResult =
  | { readonly ok: true; readonly changed: boolean; readonly from: number; readonly to: number }
  | { readonly ok: false; readonly notFound: boolean; readonly message: string };

const NOT_FOUND: TransitionResult = { ok: false, notFound: true, message: '任务不存在' };
const refuse = (message: string): TransitionResult => ({ ok: false, notFound: false, message });

/** A guard of platform code on the locked task: a refusal message, or undefined to go on. */
export type TransitionGuard = (task: LockedTask, now: Date) => string | undefined;

/** Why a batch task stops at its term (5.8.1 term_value). */
export const BATCH_EXPIRED_REASON = '批次已过期';
/** Why a task created by a synchronous call is withdrawn when its import failed (the caller gets the error). */
export const IMPORT_FAILED_REASON = '导入失败';

/**
 * The task lifecycle. `apply` works inside the caller's transaction (a tenant transaction for request code);
 * the other methods are for platform code (dialer, import worker) and run in their own system transaction,
 * addressing tasks by their global id.
 *
 * @example
 * // the dialer, when a caller line keeps failing:
 * await lifecycle.pauseWithReason(taskId, '线路故障: 连续呼叫失败');
 * // the dialer, after numbers' final results:
 * await lifecycle.finishIdle([taskId]);
 */
export class TaskLifecycleService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Applies `event` to a live task, locking its row. Guards: start/resume refuse a task whose import has not
   * finished or that has no number left to dial; finish refuses while numbers are left. `reason` is shown as
   * `status_reason` on pause/terminate/remove (cleared when the task runs again). `remove` also soft-deletes.
   * `guard` adds a condition of platform code (a due term, a finished import).
   */
  async apply(
    db: Executor,
    taskId: string,
    event: TaskEventValue,
    reason = '',
    guard?: TransitionGuard,
    pausedForLineId?: string,
  ): Promise<TransitionResult> {
    const task = await taskManageRepository.lockForChange(db, taskId);
    if (!task) return NOT_FOUND;
    const refusal = guard?.(task, this.clock.now());
    if (refusal !== undefined) return refuse(refusal);
    const decision = decide(task.status, event);
    if (decision.kind === 'refuse') return refuse(decision.message);
    const to = decision.kind === 'move' ? decision.to : task.status;

    if (decision.kind === 'move' && to === TaskStatus.sending) {
      if (task.import_status === ImportStatus.importing || task.import_status === ImportStatus.pending) {
        return refuse('任务正在导入号码,请导入完成后再操作');
      }
      if (!(await taskNumberManageRepository.hasOpenNumbers(db, taskId))) {
        return refuse('任务没有待呼叫的号码');
      }
    }
    if (event === TaskEvent.finish && decision.kind === 'move') {
      if (await taskNumberManageRepository.hasOpenNumbers(db, taskId)) return refuse('任务还有待呼叫的号码');
    }

    const now = this.clock.now();
    if (event === TaskEvent.remove) {
      await taskManageRepository.changeStatus(db, taskId, task.status, {
        status: to,
        deleted_at: now,
        updated_at: now,
        paused_for_line_id: null,
        ...(to !== task.status ? { stoped_at: now, status_reason: reason || '已删除' } : {}),
      });
      return { ok: true, changed: true, from: task.status, to };
    }
    if (decision.kind === 'same') return { ok: true, changed: false, from: task.status, to };

    const changed = await taskManageRepository.changeStatus(db, taskId, task.status, {
      status: to,
      updated_at: now,
      ...this.#sideEffects(to, task.started_at, reason, now),
      // Only the dialer's pause for an unreachable line waits for that line; any other change ends the wait.
      paused_for_line_id: to === TaskStatus.paused ? (pausedForLineId ?? null) : null,
    });
    if (!changed) return refuse('任务状态已变化,请刷新后重试');
    return { ok: true, changed: true, from: task.status, to };
  }

  /**
   * The `task.schedule` start at `timed_started_at`: 未开始 → 发送中 once every import has finished, if a number
   * waits. True when the task started now.
   */
  async startScheduled(taskId: string): Promise<boolean> {
    const r = await this.#system(taskId, TaskEvent.start, '', (task) =>
      task.import_status === ImportStatus.done ? undefined : '任务正在导入号码',
    );
    return r.ok && r.changed;
  }

  /** 5.8.1 term_value: a batch past its term stops (终止发送). True when it stopped now. */
  async expireBatch(taskId: string): Promise<boolean> {
    const r = await this.#system(taskId, TaskEvent.terminate, BATCH_EXPIRED_REASON, (task, now) =>
      task.expires_at !== null && task.expires_at.getTime() <= now.getTime() ? undefined : '批次未到期',
    );
    return r.ok && r.changed;
  }

  /** Withdraws (deletes) a task created by a synchronous call whose import failed, in the caller's transaction. */
  async withdrawFailedCreation(db: Executor, taskId: string): Promise<void> {
    await this.apply(db, taskId, TaskEvent.remove, IMPORT_FAILED_REASON);
  }

  /**
   * The platform pauses a task it cannot run (a line keeps failing, the script was deleted …); `reason` is
   * shown to operators as `status_reason` until someone resumes the task. `forLineId`: the line stopped
   * answering, and the task waits for it (kept on the task, so any dialer process resumes it once it answers).
   */
  pauseWithReason(taskId: string, reason: string, forLineId?: string): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.pause, reason, undefined, forLineId);
  }

  /**
   * The platform resumes a task it paused, once the cause is gone (a line answers again). A task an operator
   * paused, resumed or changed since carries another reason and is left as it is.
   */
  resumeIfPausedWith(taskId: string, reason: string): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.resume, '', (task) =>
      task.status === TaskStatus.paused && task.status_reason === reason ? undefined : '任务已由人工处理',
    );
  }

  /**
   * The dialer's finish: 发送中 → 已发送 for those of the tasks with no number left to dial (waiting,
   * dialing or waiting for a redial) and no import pending or running, in one statement. Returns the finished.
   */
  finishIdle(taskIds: readonly string[]): Promise<readonly { id: string; sn: string }[]> {
    const statuses = {
      from: TaskStatus.sending,
      to: TaskStatus.finished,
      openNumbers: [NumberStatus.waiting, NumberStatus.dialing, NumberStatus.recallWaiting],
      busyImports: [ImportStatus.pending, ImportStatus.importing],
    };
    return taskManageRepository.finishIdle(this.store.system, taskIds, statuses, this.clock.now());
  }

  /** 发送中 → 已发送 when no number is left, inside the caller's transaction (after cancelling numbers). */
  async finishIfDoneIn(db: Executor, taskId: string): Promise<boolean> {
    const r = await this.apply(db, taskId, TaskEvent.finish);
    return r.ok && r.changed;
  }

  #system(
    taskId: string,
    event: TaskEventValue,
    reason = '',
    guard?: TransitionGuard,
    pausedForLineId?: string,
  ): Promise<TransitionResult> {
    if (!/^\d+$/.test(taskId)) return Promise.resolve(NOT_FOUND);
    return this.store.system
      .transaction()
      .execute((trx) => this.apply(trx, taskId, event, reason, guard, pausedForLineId));
  }

  #sideEffects(to: number, startedAt: Date | null, reason: string, now: Date) {
    switch (to) {
      case TaskStatus.sending:
        return { started_at: startedAt ?? now, stoped_at: null, status_reason: '' };
      case TaskStatus.paused:
        return { status_reason: reason };
      case TaskStatus.finished:
        return { stoped_at: now, status_reason: '' };
      case TaskStatus.terminated:
        return { stoped_at: now, status_reason: reason };
      default:
        return {};
    }
  }
}
