// 5.1 task list, 5.2 operateTask, 5.4 task detail list, 5.10 all-called check.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { accountRepository } from '../../repositories/account.repository.js';
import { taskNumberManageRepository } from '../../repositories/task-manage-numbers.repository.js';
import { taskManageRepository, type TaskView } from '../../repositories/task-manage.repository.js';
import { tenantReader, type Store, type Tx } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { FAIL_RE_REASONS } from './fail-reasons.js';
import type { FailRecallService } from './fail-recall.service.js';
import type { TaskLifecycleService } from './task-lifecycle.service.js';
import { parseTaskKey, parseTaskKeys, scopeOf, type TaskKey } from './task-scope.js';
import { isTaskStatus, TaskEvent } from './task-transitions.js';
import { toDetailItem, toTaskInfo, toTaskItem } from './task-view.js';
import { createdWindow } from './time-window.js';

export interface Paging {
  pageIndex: number;
  pageSize: number;
}

export interface TaskListInput extends Paging {
  start_create_at?: string;
  end_create_at?: string;
  status?: number;
  ai_user_sn?: string;
  ai_user_name?: string;
  source?: string;
  dial_task_main_sn?: string;
  project_sn?: string;
}

/** 5.2 `oper` → what it does. Matched case-insensitively. */
export const TaskOperation = {
  stop: TaskEvent.pause,
  keepOn: TaskEvent.resume,
  end: TaskEvent.terminate,
  delete: TaskEvent.remove,
  failRe: 'failRe',
} as const;
export type TaskOperationName = keyof typeof TaskOperation;

/** One key that could not be operated on. */
export interface OperateFailure {
  readonly pkey: string;
  readonly msg: string;
}

/** 5.2 result: `msg` for the envelope, the counts and the failures beside it (compat-notes "operateTask"). */
export interface OperateResult {
  readonly msg: string;
  readonly body: { success: number; fail: number; fail_list: OperateFailure[] };
}

type KeyOutcome = { ok: true } | { ok: false; notFound: boolean; message: string };

/** The task-management endpoints: 5.1 list, 5.2 operate, 5.4 detail list, 5.10 all-called check. */
export class TaskManageService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly lifecycle: TaskLifecycleService,
    private readonly failRecall: FailRecallService,
  ) {}

  /** 5.1 */
  async list(ctx: TenantContext, p: TaskListInput) {
    if (p.status !== undefined && !isTaskStatus(p.status)) {
      throw new AppError(
        ErrorCode.WrongDataFormat,
        'status须为0(发送中)、1(已发送)、2(未开始)、4(暂停发送)或6(终止发送)',
      );
    }
    const window = createdWindow(p.start_create_at, p.end_create_at, this.clock.now(), ctx.timezone);
    const { total, rows } = await this.store.tenant(ctx.teamId, (trx) =>
      taskManageRepository.listTasks(trx, {
        ...scopeOf(ctx),
        ...window,
        status: p.status,
        ownerSn: p.ai_user_sn || undefined,
        ownerName: p.ai_user_name || undefined,
        name: p.source || undefined,
        sn: p.dial_task_main_sn || undefined,
        scriptSn: p.project_sn || undefined,
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      }),
    );
    return { total, list: rows.map((r) => toTaskItem(r, ctx.timezone)) };
  }

  /**
   * 5.2: every key is tried on its own inside one transaction. All succeed → '操作成功'; all fail → an error
   * (40004 when none was found, else 40009 with the reasons); some fail → code 0 with the counts and reasons.
   */
  async operate(ctx: TenantContext, p: { pkeys: string[]; oper: string }): Promise<OperateResult> {
    const name = Object.keys(TaskOperation).find((k) => k.toLowerCase() === p.oper.trim().toLowerCase());
    if (name === undefined) {
      throw new AppError(ErrorCode.WrongDataFormat, 'oper须为stop、keepOn、failRe、delete或end');
    }
    const op = TaskOperation[name as TaskOperationName];
    const keys = parseTaskKeys(p.pkeys);
    if (keys.length === 0) throw new AppError(ErrorCode.WrongDataFormat, 'pkeys不能为空');

    const outcomes = await this.store.tenant(ctx.teamId, async (trx) => {
      const found = await this.#resolve(trx, ctx, keys);
      const results: [TaskKey, KeyOutcome][] = [];
      for (const key of keys) {
        const task = found(key);
        results.push([key, task ? await this.#operateOne(trx, task.id, op) : notFound()]);
      }
      return results;
    });

    const failures = outcomes.flatMap(([key, o]) =>
      o.ok ? [] : [{ pkey: key.raw, msg: o.message, nf: o.notFound }],
    );
    const success = outcomes.length - failures.length;
    const fail_list = failures.map(({ pkey, msg }) => ({ pkey, msg }));
    const reasons = fail_list.map((f) => `${f.pkey}: ${f.msg}`).join('; ');
    if (success === 0) {
      const code = failures.every((f) => f.nf) ? ErrorCode.NotFound : ErrorCode.Conflict;
      const msg = keys.length === 1 ? (fail_list[0]?.msg ?? '操作失败') : `操作失败: ${reasons}`;
      throw new AppError(code, msg, { success: 0, fail: failures.length, fail_list });
    }
    const msg =
      failures.length === 0
        ? '操作成功'
        : `部分操作成功: 成功${success}个, 失败${failures.length}个(${reasons})`;
    return { msg, body: { success, fail: failures.length, fail_list } };
  }

  /** 5.4: the task header and one page of its numbers. */
  async details(
    ctx: TenantContext,
    p: Paging & { dial_task_main_id: string; phone?: string; status?: number },
  ) {
    const key = parseTaskKey(p.dial_task_main_id);
    if (!key) throw new AppError(ErrorCode.WrongDataFormat, 'dial_task_main_id不能为空');
    // Polled all day: each statement is a one-statement read.
    const read = tenantReader(this.store, ctx.teamId);
    const task = await read((db) =>
      key.kind === 'id'
        ? taskManageRepository.findById(db, key.value, scopeOf(ctx))
        : taskManageRepository.findBySn(db, key.value, scopeOf(ctx)),
    );
    if (!task) throw new AppError(ErrorCode.NotFound, `任务不存在: ${p.dial_task_main_id}`);
    const { total, rows } = await taskNumberManageRepository.listForTask(read, task.id, {
      phone: p.phone || undefined,
      status: p.status,
      offset: p.pageIndex * p.pageSize,
      limit: p.pageSize,
    });
    return {
      total,
      info: toTaskInfo(task, ctx.timezone),
      list: rows.map((r) => toDetailItem(r, ctx.timezone)),
    };
  }

  /** 5.10: status 1 when no live task in scope is importing or has numbers left to dial. */
  async allCalled(ctx: TenantContext, p: { user_name?: string }) {
    const done = await this.store.tenant(ctx.teamId, async (trx) => {
      let ownerId: string | undefined;
      if (p.user_name) {
        const owner = await accountRepository.findByUserName(trx, p.user_name);
        if (!owner) throw new AppError(ErrorCode.NotFound, `子账号不存在: ${p.user_name}`);
        ownerId = owner.id;
      }
      return !(await taskManageRepository.hasOpenWork(trx, { ...scopeOf(ctx), ownerId }));
    });
    return done ? { msg: '已全部呼叫完成', status: 1 } : { msg: '未全部呼叫完成', status: 0 };
  }

  async #resolve(trx: Tx, ctx: TenantContext, keys: TaskKey[]) {
    const rows = await taskManageRepository.findByKeys(
      trx,
      {
        ids: keys.filter((k) => k.kind === 'id').map((k) => k.value),
        sns: keys.filter((k) => k.kind === 'sn').map((k) => k.value),
      },
      scopeOf(ctx),
    );
    const byId = new Map<string, TaskView>(rows.map((r) => [r.id, r]));
    const bySn = new Map<string, TaskView>(rows.map((r) => [r.sn, r]));
    return (key: TaskKey) => (key.kind === 'id' ? byId.get(key.value) : bySn.get(key.value));
  }

  async #operateOne(
    trx: Tx,
    taskId: string,
    op: (typeof TaskOperation)[TaskOperationName],
  ): Promise<KeyOutcome> {
    if (op === 'failRe') {
      const r = await this.failRecall.redialInPlace(trx, taskId, FAIL_RE_REASONS);
      if (!r.ok) return r;
      return r.requeued > 0 ? { ok: true } : { ok: false, notFound: false, message: '没有可重呼的失败号码' };
    }
    const r = await this.lifecycle.apply(trx, taskId, op);
    return r.ok ? { ok: true } : r;
  }
}

function notFound(): KeyOutcome {
  return { ok: false, notFound: true, message: '任务不存在' };
}
