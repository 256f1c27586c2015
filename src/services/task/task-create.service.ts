// 5.7.1 addExcelOfAsync, 5.7.2 addJsonOfAsync, /api/addJson (synchronous), 5.8.1 addBatch: create a task (or append
// to one) and import its numbers. Everything is validated before anything is written; the task, its import and the
// import job are created in one transaction (compat-notes "Task creation").
import type { JobContext } from '../../jobs/job-queue.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { formatDateTime, parseDateTime, zonedParts } from '../../lib/clock.js';
import { newSn } from '../../lib/sn.js';
import { accountRepository } from '../../repositories/account.repository.js';
import { importRepository } from '../../repositories/import.repository.js';
import { jobRepository } from '../../repositories/job.repository.js';
import { lineRepository } from '../../repositories/line.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import { taskCreateRepository } from '../../repositories/task-create.repository.js';
import { teamRepository } from '../../repositories/team.repository.js';
import { toImportMark, type ImportMark } from '../import/import-counters.js';
import type { ImportRunner } from '../import/import-runner.js';
import {
  parseDetectionClasses,
  resolveImportSettings,
  type ImportSettings,
} from '../import/import-settings.js';
import type { ImportSpool } from '../import/import-spool.js';
import { ImportFileError, parseTemplate, type ImportTemplate } from '../import/parse/index.js';
import { jsonRows, openUpload } from '../import/phone-aliases.js';
import type { UploadedImportFile } from '../import/uploaded-file.js';
import type { TenantContext } from '../tenant-context.js';
import {
  nameProblem,
  parseTaskOptions,
  type TaskOptions,
  type TaskOptionsInput,
} from './task-create-input.js';
import type { TaskCreated } from './task-create-types.js';
import type { TaskLifecycleService } from './task-lifecycle.service.js';
import { decide, InitialTaskStatus, TaskEvent } from './task-transitions.js';

export interface TaskTargetInput extends TaskOptionsInput {
  project_sn?: string;
  ai_user_sn?: string;
  dial_task_main_sn?: string;
  /** Extension: per-task override of the team's dialed detection classes. */
  detection_import_classes?: unknown;
}

export interface JsonImportInput extends TaskTargetInput {
  client_info_json?: unknown;
}

export interface AddBatchInput {
  project_sn: string;
  ai_user_sn?: string;
  ai_user_name?: string;
  batch_name: string;
  term_value: number;
}

export interface TaskCreateLimits {
  /** New tasks one account may create per day (§4.2: 100); appends are unlimited. */
  readonly tasksPerDay: number;
  /** Largest accepted import file. */
  readonly importMaxBytes: number;
}

/** Synchronous creation answers with the import's outcome too. */
export interface TaskCreatedSync extends TaskCreated {
  import_mark: ImportMark;
}

type Target =
  | {
      kind: 'new';
      template: ImportTemplate;
      settings: ImportSettings;
      scriptId: string;
      ownerId: string;
      options: TaskOptions;
      batch: string;
      expiresAt: Date | null;
    }
  | { kind: 'append'; template: ImportTemplate; settings: ImportSettings; taskId: string };

interface Source {
  kind: 'json' | 'file';
  path: string;
  name: string;
  bytes: number;
  totalRows: number | null;
}

/** Sync imports also get a queued job, due later: it only runs if the request died mid-import. */
const SYNC_SAFETY_DELAY_MS = 10 * 60_000;

export class TaskCreateService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly lifecycle: TaskLifecycleService,
    private readonly spool: ImportSpool,
    private readonly runner: ImportRunner,
    private readonly limits: TaskCreateLimits,
  ) {}

  /** 5.7.2 (async) and /api/addJson (sync). */
  async createFromJson(tenant: TenantContext, input: JsonImportInput, mode: 'async'): Promise<TaskCreated>;
  async createFromJson(tenant: TenantContext, input: JsonImportInput, mode: 'sync'): Promise<TaskCreatedSync>;
  async createFromJson(tenant: TenantContext, input: JsonImportInput, mode: 'async' | 'sync') {
    if (input.client_info_json === undefined || input.client_info_json === '') {
      throw ImportFileError.empty('client_info_json不能为空');
    }
    const target = await this.#prepare(tenant, input);
    const { total, rows } = jsonRows(input.client_info_json, target.template);
    const path = await this.spool.writeRows(rows);
    const source: Source = { kind: 'json', path, name: '', bytes: 0, totalRows: total };
    return this.#commitAndRun(tenant, target, source, mode) as Promise<TaskCreatedSync>;
  }

  /** 5.7.1: an xlsx (or csv, GBK included) built from the template. */
  async createFromUpload(
    tenant: TenantContext,
    input: TaskTargetInput,
    files: readonly UploadedImportFile[],
  ): Promise<TaskCreated> {
    const target = await this.#prepare(tenant, input);
    const source = await this.#acceptUpload(files, target.template);
    return this.#commitAndRun(tenant, target, source, 'async');
  }

  /** 5.8.1: a batch task from an uploaded file, imported synchronously; `term_value` days until it stops. */
  async addBatch(
    tenant: TenantContext,
    input: AddBatchInput,
    files: readonly UploadedImportFile[],
  ): Promise<TaskCreatedSync & { batch: string }> {
    if (!Number.isInteger(input.term_value) || input.term_value < 0 || input.term_value > 3650) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: term_value: 须为0–3650天(0=永不过期)');
    }
    const owner = await this.store.tenant(tenant.teamId, (trx) =>
      this.#owner(trx, input.ai_user_sn, input.ai_user_name),
    );
    const expiresAt =
      input.term_value > 0 ? new Date(this.clock.now().getTime() + input.term_value * 86_400_000) : null;
    const target = await this.#prepare(
      tenant,
      { project_sn: input.project_sn, ai_user_sn: owner.sn, source: input.batch_name },
      { batch: input.batch_name.trim(), expiresAt },
    );
    const source = await this.#acceptUpload(files, target.template);
    const created = (await this.#commitAndRun(tenant, target, source, 'sync')) as TaskCreatedSync;
    return { ...created, batch: input.batch_name.trim() };
  }

  /** The `task.schedule` job: a scheduled start or a batch's expiry. */
  async runScheduled(job: JobContext<'task.schedule'>): Promise<void> {
    const { taskId, action } = job.payload;
    if (action === 'start') await this.lifecycle.startScheduled(taskId);
    else await this.lifecycle.expireBatch(taskId);
  }

  async #prepare(
    tenant: TenantContext,
    input: TaskTargetInput,
    batch?: { batch: string; expiresAt: Date | null },
  ): Promise<Target> {
    return this.store.tenant(tenant.teamId, async (trx) => {
      const team = await teamRepository.current(trx, tenant.teamId);
      const settings = withOverride(
        resolveImportSettings(team.settings.import),
        input.detection_import_classes,
      );
      const appendSn = input.dial_task_main_sn?.trim();
      if (appendSn) {
        const task = await taskCreateRepository.findBySn(trx, appendSn);
        if (!task) throw new AppError(ErrorCode.NotFound, '任务不存在或已删除');
        refuseAppend(task.status);
        const columns = await taskCreateRepository.scriptColumnsOfTask(trx, task.id);
        return { kind: 'append', template: parseTemplate(columns ?? []), settings, taskId: task.id };
      }
      const problems: string[] = [];
      if (!input.project_sn) problems.push('project_sn: 必填');
      if (!input.ai_user_sn) problems.push('ai_user_sn: 必填');
      const nameIssue = nameProblem(input.source);
      if (problems.length > 0 || nameIssue) {
        const all = nameIssue ? [...problems, nameIssue] : problems;
        throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${all.join('; ')}`);
      }
      const options = parseTaskOptions(input, tenant.timezone);
      const script = await taskCreateRepository.findScript(trx, input.project_sn!);
      if (!script) throw new AppError(ErrorCode.NotFound, '话术模板不存在或已停用');
      const template = parseTemplate(script.columns);
      // The tenant's transaction sees only its own lines: another team's id is as unknown as a made-up one.
      if (options.lineId !== null && !(await lineRepository.find(trx, options.lineId))) {
        throw new AppError(ErrorCode.NotFound, `线路不存在: ${options.lineId}`);
      }
      const ownerId = (await this.#owner(trx, input.ai_user_sn)).id;
      await this.#checkQuota(trx, tenant, false);
      return {
        kind: 'new',
        template,
        settings,
        scriptId: script.id,
        ownerId,
        options,
        batch: batch?.batch ?? `${tenant.userName}${compactTime(this.clock.now(), tenant.timezone)}`,
        expiresAt: batch?.expiresAt ?? null,
      };
    });
  }

  /** The owning sub-account: `ai_user_sn` (or, for 5.8.1, `ai_user_name`) of an account of the caller's team. */
  async #owner(trx: Tx, sn?: string, userName?: string): Promise<{ id: string; sn: string }> {
    const account = sn
      ? await accountRepository.findBySn(trx, sn)
      : userName
        ? await accountRepository.findByUserName(trx, userName)
        : undefined;
    if (!sn && !userName) throw new AppError(ErrorCode.WrongDataFormat, '参数错误: ai_user_sn: 必填');
    if (!account) throw new AppError(ErrorCode.NotFound, '子账号不存在(ai_user_sn须为本团队的账号)');
    if (sn && userName && account.user_name !== userName) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: ai_user_name与ai_user_sn不是同一账号');
    }
    return { id: account.id, sn: account.sn };
  }

  /** §4.2: at most `tasksPerDay` new tasks per account per day (team time zone). `lock` holds it for the insert. */
  async #checkQuota(trx: Tx, tenant: TenantContext, lock: boolean): Promise<void> {
    const p = zonedParts(this.clock.now(), tenant.timezone);
    const dayStart = parseDateTime(`${p.year}-${p.month}-${p.day}`, tenant.timezone)!;
    const created = lock
      ? await taskCreateRepository.lockAndCountCreated(trx, tenant.accountId, dayStart)
      : await taskCreateRepository.countCreated(trx, tenant.accountId, dayStart);
    if (created >= this.limits.tasksPerDay) {
      throw new AppError(
        ErrorCode.LimitExceeded,
        `每天最多新建${this.limits.tasksPerDay}个任务,今日已达上限;请通过dial_task_main_sn向已有任务追加号码`,
      );
    }
  }

  async #acceptUpload(files: readonly UploadedImportFile[], template: ImportTemplate): Promise<Source> {
    const file = files.find((f) => f.field === 'upload') ?? files[0];
    if (!file) throw ImportFileError.empty('请上传导入文件(upload)');
    if (file.bytes > this.limits.importMaxBytes) throw ImportFileError.tooLarge(this.limits.importMaxBytes);
    // Reads up to the first data row: 30001 empty, 30002 not xlsx/csv, 30003 header without the phone column.
    const opened = await openUpload(file.path, template, { maxBytes: this.limits.importMaxBytes });
    await opened.file.close();
    const path = await this.spool.keepUpload(file.path);
    return { kind: 'file', path, name: file.filename, bytes: file.bytes, totalRows: null };
  }

  async #commitAndRun(
    tenant: TenantContext,
    target: Target,
    source: Source,
    mode: 'async' | 'sync',
  ): Promise<TaskCreated | TaskCreatedSync> {
    let created: { taskId: string; taskSn: string; importId: string; jobId: string };
    try {
      created = await this.store.tenant(tenant.teamId, (trx) =>
        this.#commit(trx, tenant, target, source, mode),
      );
    } catch (err) {
      await this.spool.remove(source.path);
      throw err;
    }
    const answer: TaskCreated = {
      total: source.totalRows,
      dial_task_main_sn: created.taskSn,
      dial_task_main_id: Number(created.taskId),
    };
    if (mode === 'async') return answer;
    await this.runner.run(created.importId);
    await jobRepository.complete(this.store.system, created.jobId);
    const imp = await importRepository.get(this.store.system, created.importId);
    if (imp?.status !== 'done') {
      if (target.kind === 'new') {
        await this.store.tenant(tenant.teamId, (trx) =>
          this.lifecycle.withdrawFailedCreation(trx, created.taskId),
        );
      }
      throw new AppError(ErrorCode.ImportFileFormat, imp?.error ?? '导入失败');
    }
    return { ...answer, total: imp.rows_done, import_mark: toImportMark(imp.counts) };
  }

  async #commit(trx: Tx, tenant: TenantContext, target: Target, source: Source, mode: 'async' | 'sync') {
    const now = this.clock.now();
    let taskId: string;
    let taskSn: string;
    if (target.kind === 'new') {
      await this.#checkQuota(trx, tenant, true);
      const o = target.options;
      const row = await taskCreateRepository.insert(trx, {
        sn: newSn('task'),
        account_id: target.ownerId,
        operator_id: tenant.accountId,
        script_id: target.scriptId,
        name: o.name,
        batch: target.batch,
        remark: o.remark,
        priority: o.priority,
        task_type: o.taskType,
        auto_start: o.autoStart,
        timed_started_at: o.timedStartedAt,
        fail_recall: o.failRecall,
        line_id: o.lineId,
        expires_at: target.expiresAt,
        status: InitialTaskStatus.created,
      });
      taskId = row.id;
      taskSn = row.sn;
      if (o.timedStartedAt && o.timedStartedAt > now) {
        await jobRepository.enqueue(
          trx,
          tenant.teamId,
          'task.schedule',
          { taskId, action: 'start' },
          o.timedStartedAt,
        );
      }
      if (target.expiresAt) {
        await jobRepository.enqueue(
          trx,
          tenant.teamId,
          'task.schedule',
          { taskId, action: 'expire' },
          target.expiresAt,
        );
      }
    } else {
      const task = await taskCreateRepository.lock(trx, target.taskId);
      if (!task || task.deleted_at) throw new AppError(ErrorCode.NotFound, '任务不存在或已删除');
      refuseAppend(task.status);
      taskId = task.id;
      taskSn = task.sn;
    }
    const importId = await importRepository.insert(trx, {
      task_id: taskId,
      account_id: tenant.accountId,
      source_kind: source.kind,
      source_path: source.path,
      source_name: source.name,
      source_bytes: source.bytes,
      template: target.template as unknown as Record<string, unknown>,
      settings: target.settings as unknown as Record<string, unknown>,
      total_rows: source.totalRows,
    });
    await taskCreateRepository.markImportQueued(trx, taskId);
    const runAfter = mode === 'sync' ? new Date(now.getTime() + SYNC_SAFETY_DELAY_MS) : undefined;
    const jobId = await jobRepository.enqueue(trx, tenant.teamId, 'task.import', { importId }, runAfter);
    return { taskId, taskSn, importId, jobId };
  }
}

/** Numbers may be appended to a task in any state the state machine lets take them (not a terminated one). */
function refuseAppend(status: number): void {
  const decision = decide(status, TaskEvent.append);
  if (decision.kind === 'refuse') throw new AppError(ErrorCode.Conflict, decision.message);
}

function withOverride(settings: ImportSettings, classes: unknown): ImportSettings {
  if (classes === undefined || classes === null || classes === '') return settings;
  const parsed = parseDetectionClasses(classes);
  if (parsed === undefined) {
    throw new AppError(
      ErrorCode.WrongDataFormat,
      '参数错误: detection_import_classes: 须为shi/kong/tingji/kuwu/chenmo/fenxian中的若干项',
    );
  }
  return { ...settings, detection_import_classes: parsed };
}

/** `YmdHis` in the team's zone, the reference's batch suffix (e.g. hln20180508154010). */
function compactTime(at: Date, timeZone: string): string {
  return formatDateTime(at, timeZone).replace(/\D/g, '');
}
