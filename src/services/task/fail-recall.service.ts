// 5.5 failRecall and the 5.2 failRe operation: failed numbers dialed again, in the same task or a new one
// (compat-notes "Redial").
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { newSn } from '../../lib/sn.js';
import { taskNumberManageRepository } from '../../repositories/task-manage-numbers.repository.js';
import { taskManageRepository, type FailRecall } from '../../repositories/task-manage.repository.js';
import type { Executor, Store } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { parseReasons } from './fail-reasons.js';
import type { TaskLifecycleService, TransitionResult } from './task-lifecycle.service.js';
import { scopeOf } from './task-scope.js';
import { decide, InitialTaskStatus, TaskEvent } from './task-transitions.js';

export interface FailRecallInput {
  dial_task_main_sn: string;
  /** 1 = redial inside the task, 0 = copy the failed numbers into a new task named `task_name`. */
  recall_manual: number;
  fail_recall_of_reason: string[];
  total_fail_recall_times: number;
  fail_recall_interval: number;
  task_name?: string;
}

export interface FailRecallResult {
  readonly msg: string;
  readonly data: { dial_task_main_id: number; dial_task_main_sn: string; total: number };
}

/** Requeued numbers, or why the task refused. */
export type RedialOutcome =
  | { readonly ok: true; readonly requeued: number; readonly status: number }
  | Extract<TransitionResult, { ok: false }>;

/**
 * Redialing failed numbers: in place (5.2 failRe, 5.5 recall_manual=1) or as a new task (5.5 recall_manual=0).
 * @example await failRecall.redialInPlace(trx, taskId, FAIL_RE_REASONS) // { ok: true, requeued: 3, status: 0 }
 */
export class FailRecallService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly lifecycle: TaskLifecycleService,
  ) {}

  /**
   * Puts a task's finally failed numbers with one of `reasons` back in its queue, due now, and reopens a
   * finished task (a paused one stays paused). Runs inside the caller's transaction.
   */
  async redialInPlace(db: Executor, taskId: string, reasons: readonly string[]): Promise<RedialOutcome> {
    const task = await taskManageRepository.lockForChange(db, taskId);
    if (!task) return { ok: false, notFound: true, message: '任务不存在' };
    const decision = decide(task.status, TaskEvent.reopen);
    if (decision.kind === 'refuse') return { ok: false, notFound: false, message: decision.message };
    const now = this.clock.now();
    const requeued = await taskNumberManageRepository.requeueFailed(db, taskId, reasons, now);
    if (requeued === 0) return { ok: true, requeued: 0, status: task.status };
    await taskManageRepository.adjustCounters(db, taskId, { fail: -requeued }, now);
    const r = await this.lifecycle.apply(db, taskId, TaskEvent.reopen);
    if (!r.ok) return r;
    return { ok: true, requeued, status: r.to };
  }

  /** 5.5. Nothing changes when the request fails. */
  async failRecall(ctx: TenantContext, input: FailRecallInput): Promise<FailRecallResult> {
    const { reasons, unknown } = parseReasons(input.fail_recall_of_reason);
    if (unknown.length > 0) {
      throw new AppError(ErrorCode.WrongDataFormat, `fail_recall_of_reason含未知原因: ${unknown.join(',')}`);
    }
    if (reasons.length === 0) throw new AppError(ErrorCode.WrongDataFormat, 'fail_recall_of_reason不能为空');
    if (input.recall_manual !== 0 && input.recall_manual !== 1) {
      throw new AppError(ErrorCode.WrongDataFormat, 'recall_manual须为0(新任务)或1(原任务)');
    }
    const name = input.task_name?.trim() ?? '';
    if (input.recall_manual === 0 && name === '') {
      throw new AppError(ErrorCode.WrongDataFormat, '重呼到新任务时task_name不能为空');
    }
    const settings: FailRecall = {
      enabled: input.total_fail_recall_times > 0,
      times: input.total_fail_recall_times,
      interval: input.fail_recall_interval,
      reasons,
    };
    return this.store.tenant(ctx.teamId, async (trx) => {
      const task = await taskManageRepository.findBySn(trx, input.dial_task_main_sn, scopeOf(ctx));
      if (!task) throw new AppError(ErrorCode.NotFound, `任务不存在: ${input.dial_task_main_sn}`);
      const now = this.clock.now();
      if (input.recall_manual === 1) {
        const r = await this.redialInPlace(trx, task.id, reasons);
        if (!r.ok) throw new AppError(r.notFound ? ErrorCode.NotFound : ErrorCode.Conflict, r.message);
        await taskManageRepository.saveFailRecall(trx, task.id, settings, now);
        const data = { dial_task_main_id: Number(task.id), dial_task_main_sn: task.sn, total: r.requeued };
        const msg = r.requeued === 0 ? '没有符合条件的失败号码,已保存自动重呼设置' : '操作成功';
        return { msg, data };
      }
      const created = await taskManageRepository.insertCopy(trx, task.id, {
        sn: newSn('task'),
        name,
        operatorId: ctx.accountId,
        status: InitialTaskStatus.redialCopy,
        failRecall: settings,
        at: now,
      });
      const copied = await taskNumberManageRepository.copyFailed(trx, task.id, created.id, reasons, now);
      // Throwing rolls the new task back: an empty redial task would only confuse the task list.
      if (copied === 0) throw new AppError(ErrorCode.NotFound, '没有符合重呼条件的失败号码');
      await taskManageRepository.adjustCounters(trx, created.id, { total_count: copied }, now);
      return {
        msg: '操作成功',
        data: { dial_task_main_id: Number(created.id), dial_task_main_sn: created.sn, total: copied },
      };
    });
  }
}
