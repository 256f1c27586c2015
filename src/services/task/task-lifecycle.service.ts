// Applies the task state machine (task-transitions.ts) to the store: the one writer of tasks.status, for start,
// pause, resume, finish, terminate and delete, used by the management endpoints, imports and the dialer.
import type { Clock } from '../../lib/clock.js';
import { taskNumberManageRepository } from '../../repositories/task-manage-numbers.repository.js';
import { taskManageRepository } from '../../repositories/task-manage.repository.js';
import type { Executor, Store } from '../../repositories/store.js';
import { ImportStatus, NumberStatus, TaskStatus } from './task-status.js';
import { decide, TaskEvent, type TaskEventValue } from './task-transitions.js';

/** The outcome of one event: `changed` is false when the task already was in the target state. */
export type TransitionResult =
  | { readonly ok: true; readonly changed: boolean; readonly from: number; readonly to: number }
  | { readonly ok: false; readonly notFound: boolean; readonly message: string };

const NOT_FOUND: TransitionResult = { ok: false, notFound: true, message: '任务不存在' };
const refuse = (message: string): TransitionResult => ({ ok: false, notFound: false, message });

/**
 * The task lifecycle. `apply` works inside the caller's transaction (a tenant transaction for request code);
 * the other methods are for platform code (dialer, import worker) and run in their own system transaction,
 * addressing tasks by their global id.
 *
 * @example
 * // the dialer, when a caller line keeps failing:
 * await lifecycle.pauseWithReason(taskId, '线路故障: 连续呼叫失败');
 * // the dialer, after a number's final result:
 * await lifecycle.finishIfDone(taskId);
 */
export class TaskLifecycleService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Applies `event` to a live task, locking its row. Guards: start/resume refuse a task whose import has not
   * finished or that has no number left to dial; finish refuses while numbers are left. `reason` is shown as
   * `status_reason` on pause/terminate (cleared when the task runs again). `remove` also soft-deletes.
   */
  async apply(db: Executor, taskId: string, event: TaskEventValue, reason = ''): Promise<TransitionResult> {
    const task = await taskManageRepository.lockForChange(db, taskId);
    if (!task) return NOT_FOUND;
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
        ...(to !== task.status ? { stoped_at: now, status_reason: '已删除' } : {}),
      });
      return { ok: true, changed: true, from: task.status, to };
    }
    if (decision.kind === 'same') return { ok: true, changed: false, from: task.status, to };

    const changed = await taskManageRepository.changeStatus(db, taskId, task.status, {
      status: to,
      updated_at: now,
      ...this.#sideEffects(to, task.started_at, reason, now),
    });
    if (!changed) return refuse('任务状态已变化,请刷新后重试');
    return { ok: true, changed: true, from: task.status, to };
  }

  /** Auto start (after import, at `timed_started_at`): 未开始 → 发送中. */
  start(taskId: string): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.start);
  }

  pause(taskId: string): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.pause);
  }

  resume(taskId: string): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.resume);
  }

  terminate(taskId: string, reason = ''): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.terminate, reason);
  }

  remove(taskId: string): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.remove);
  }

  /**
   * The platform pauses a task it cannot run (a line keeps failing, the script was deleted …); `reason` is
   * shown to operators as `status_reason` until someone resumes the task.
   */
  pauseWithReason(taskId: string, reason: string): Promise<TransitionResult> {
    return this.#system(taskId, TaskEvent.pause, reason);
  }

  /** 发送中 → 已发送 when no number is left to dial; true if the task finished now. */
  async finishIfDone(taskId: string): Promise<boolean> {
    const r = await this.#system(taskId, TaskEvent.finish);
    return r.ok && r.changed;
  }

  /**
   * The dialer's batch of `finishIfDone`: 发送中 → 已发送 for those of the tasks with no number left to dial (waiting,
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

  /** Same as `finishIfDone`, inside the caller's transaction (after cancelling numbers). */
  async finishIfDoneIn(db: Executor, taskId: string): Promise<boolean> {
    const r = await this.apply(db, taskId, TaskEvent.finish);
    return r.ok && r.changed;
  }

  #system(taskId: string, event: TaskEventValue, reason = ''): Promise<TransitionResult> {
    if (!/^\d+$/.test(taskId)) return Promise.resolve(NOT_FOUND);
    return this.store.system.transaction().execute((trx) => this.apply(trx, taskId, event, reason));
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
