// 5.7.3 import status and 5.7.4 import result data of a task's most recent import.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { importRepository } from '../../repositories/import.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import { taskCreateRepository } from '../../repositories/task-create.repository.js';
import { ImportStatus, importStatusCode } from '../task/task-status.js';
import type { TenantContext } from '../tenant-context.js';
import { rowsCovered, toImportMark, type ImportMark } from './import-counters.js';

export interface TaskKeyInput {
  dial_task_main_id?: number;
  dial_task_main_sn?: string;
}

export interface ImportStatusView {
  status: number;
  desc: string;
  /** "45%" */
  import_percent: string;
  /** Rows whose outcome is known so far. */
  totalCount: number;
}

export interface ImportInfoView {
  dial_task_main_id: number;
  dial_task_main_sn: string;
  batch: string;
  mark: string;
  status: number;
  desc: string;
  import_percent: number;
  /** The counters (§4.4), or the failure reason when the import failed (as 5.7.15 pushes it). */
  import_mark: ImportMark | string;
  /** Rows not imported, exactly their original columns (the reference's shape), in source order. */
  import_fail_data: Record<string, string>[];
  /** Extension: why each row of `import_fail_data` was not imported, at the same index. */
  import_fail_reasons: string[];
  import_fail_total: number;
}

export class ImportQueryService {
  constructor(private readonly store: Store) {}

  /** 5.7.3: 0 未处理 / 1 导入中 / 3 导入失败, else the task's state (20–24). */
  status(tenant: TenantContext, key: TaskKeyInput): Promise<ImportStatusView> {
    return this.store.tenant(tenant.teamId, async (trx) => {
      const task = await findTask(trx, key);
      const code = importStatusCode(task.import_status, task.status);
      const latest = await importRepository.latestForTask(trx, task.id);
      const percent = task.import_status === ImportStatus.done ? 100 : task.import_percent;
      return {
        ...code,
        import_percent: `${percent}%`,
        totalCount: latest ? rowsCovered(latest.counts) : 0,
      };
    });
  }

  /** 5.7.4, with optional paging of `import_fail_data` (default: the first 10,000 rows). */
  info(
    tenant: TenantContext,
    key: TaskKeyInput & { pageIndex: number; pageSize: number },
  ): Promise<ImportInfoView> {
    return this.store.tenant(tenant.teamId, async (trx) => {
      const task = await findTask(trx, key);
      const latest = await importRepository.latestForTask(trx, task.id);
      const code = importStatusCode(task.import_status, task.status);
      const failed = latest?.status === 'failed';
      const rejects = latest
        ? await importRepository.rejects(trx, latest.id, key.pageIndex * key.pageSize, key.pageSize)
        : [];
      return {
        dial_task_main_id: Number(task.id),
        dial_task_main_sn: task.sn,
        batch: task.batch,
        mark: '',
        ...code,
        import_percent: task.import_status === ImportStatus.done ? 100 : task.import_percent,
        import_mark: failed ? (latest.error ?? '导入失败') : toImportMark(latest?.counts ?? {}),
        import_fail_data: rejects.map((r) => ({ ...r.columns })),
        import_fail_reasons: rejects.map((r) => r.reason),
        import_fail_total: latest ? await importRepository.countRejects(trx, latest.id) : 0,
      };
    });
  }
}

async function findTask(trx: Tx, key: TaskKeyInput) {
  if (key.dial_task_main_id === undefined && !key.dial_task_main_sn) {
    throw new AppError(ErrorCode.WrongDataFormat, '参数错误: dial_task_main_id: 必填');
  }
  const task = await taskCreateRepository.findByKey(trx, {
    ...(key.dial_task_main_id !== undefined ? { id: String(key.dial_task_main_id) } : {}),
    ...(key.dial_task_main_sn ? { sn: key.dial_task_main_sn } : {}),
  });
  if (!task) throw new AppError(ErrorCode.NotFound, '任务不存在');
  return task;
}
