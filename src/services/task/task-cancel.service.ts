// 停播: 5.3 cancelCall (by detail sn), 5.3.2 cancelCallCallee (by phone or a custom column), 5.9 taskDetailStop,
// and 5.6, the list of stopped numbers. Only numbers not yet dialed or waiting for a redial can be stopped; a
// number the dialer has already claimed counts as failed (compat-notes "Cancelling numbers").
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { taskNumberManageRepository } from '../../repositories/task-manage-numbers.repository.js';
import { taskManageRepository } from '../../repositories/task-manage.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { parseDetailSn } from './detail-sn.js';
import type { TaskLifecycleService } from './task-lifecycle.service.js';
import { scopeOf } from './task-scope.js';
import { toStopItem } from './task-view.js';

/** Counts of one cancel request: `total` items asked for, `success` stopped, `fail` the rest. */
export interface CancelCounts {
  total: number;
  success: number;
  fail: number;
}

/**
 * Stopping numbers before they are dialed (5.3, 5.3.2, 5.9) and listing them (5.6).
 * @example await taskCancel.cancelBySns(ctx, taskSn, ['dial_task_detail_sn|42']) // { total: 1, success: 1, fail: 0 }
 */
export class TaskCancelService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly lifecycle: TaskLifecycleService,
  ) {}

  /**
   * 5.3 / 5.9: stops the numbers named by detail sns. `total` counts the sns as sent; unknown, malformed,
   * foreign, already done or dialing ones are failures. `detail_type` is informational: the sn alone names
   * a number.
   */
  cancelBySns(ctx: TenantContext, taskSn: string, sns: readonly unknown[]): Promise<CancelCounts> {
    const ids = [...new Set(sns.map(parseDetailSn).filter((id): id is string => id !== undefined))];
    return this.#inTask(ctx, taskSn, sns.length, (trx, taskId, at) =>
      taskNumberManageRepository.cancelByIds(trx, taskId, ids, at).then((r) => r.length),
    );
  }

  /**
   * 5.3.2: stops the numbers whose phone — or, with `filed`, whose custom column of that name — is among
   * `callee`. `total` counts the distinct values; a value succeeds when at least one number was stopped.
   */
  cancelByCallee(
    ctx: TenantContext,
    p: { dial_task_main_sn: string; callee: string[]; filed?: string },
  ): Promise<CancelCounts> {
    const values = [...new Set(p.callee.map((v) => v.trim()).filter(Boolean))];
    if (values.length === 0) throw new AppError(ErrorCode.WrongDataFormat, 'callee不能为空');
    const column = p.filed?.trim() || undefined;
    return this.#inTask(ctx, p.dial_task_main_sn, values.length, async (trx, taskId, at) => {
      const matched = await taskNumberManageRepository.cancelByValues(trx, taskId, values, column, at);
      return { stopped: matched.length, succeeded: new Set(matched).size };
    });
  }

  /** 5.6 */
  async stoppedList(
    ctx: TenantContext,
    p: { pageIndex: number; pageSize: number; phone?: string; dial_task_main_sn?: string; sn?: string },
  ) {
    let id: string | undefined;
    if (p.sn) {
      id = parseDetailSn(p.sn);
      if (id === undefined) return { total: 0, list: [] };
    }
    const { total, rows } = await this.store.tenant(ctx.teamId, (trx) =>
      taskNumberManageRepository.listCancelled(trx, {
        ...scopeOf(ctx),
        taskSn: p.dial_task_main_sn || undefined,
        phone: p.phone?.trim() || undefined,
        id,
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      }),
    );
    return { total, list: rows.map((r) => toStopItem(r, ctx.timezone)) };
  }

  /**
   * Runs a cancel on one visible task: adds the stopped numbers to `stops` and finishes a sending task that
   * has nothing left. The whole request is refused (nothing changes) when the task is not found.
   */
  async #inTask(
    ctx: TenantContext,
    taskSn: string,
    total: number,
    cancel: (trx: Tx, taskId: string, at: Date) => Promise<number | { stopped: number; succeeded: number }>,
  ): Promise<CancelCounts> {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const task = await taskManageRepository.findBySn(trx, taskSn.trim(), scopeOf(ctx));
      if (!task) throw new AppError(ErrorCode.NotFound, `任务不存在: ${taskSn}`);
      const at = this.clock.now();
      const r = await cancel(trx, task.id, at);
      const { stopped, succeeded } = typeof r === 'number' ? { stopped: r, succeeded: r } : r;
      if (stopped > 0) {
        await taskManageRepository.adjustCounters(trx, task.id, { stops: stopped }, at);
        await this.lifecycle.finishIfDoneIn(trx, task.id);
      }
      return { total, success: succeeded, fail: total - succeeded };
    });
  }
}
