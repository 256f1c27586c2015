// The console's 导入预览: reads an uploaded xlsx/csv exactly as 5.7.1 will (same sniffing, header mapping and
// 30001/30002/30003 checks) and returns the column mapping and the first rows, so an operator sees what will be
// imported before creating the task. Nothing is stored.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { taskCreateRepository } from '../../repositories/task-create.repository.js';
import type { Store } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { ImportFileError, parseTemplate } from './parse/index.js';
import { openUpload } from './phone-aliases.js';
import type { UploadedImportFile } from './uploaded-file.js';

const PREVIEW_ROWS = 10;

export interface ImportPreview {
  file_type: string;
  encoding: string | null;
  /** The header row as written in the file. */
  header: string[];
  /** Template column → whether the file has it (the phone column is always required). */
  columns: { key: string; required: boolean; found: boolean }[];
  /** The first rows as they will be imported (template columns only). */
  rows: Record<string, string>[];
}

export class ImportPreviewService {
  constructor(
    private readonly store: Store,
    private readonly maxBytes: number,
  ) {}

  async preview(
    tenant: TenantContext,
    target: { project_sn?: string; dial_task_main_sn?: string },
    files: readonly UploadedImportFile[],
  ): Promise<ImportPreview> {
    const captions = await this.store.tenant(tenant.teamId, async (trx) => {
      if (target.dial_task_main_sn) {
        const task = await taskCreateRepository.findBySn(trx, target.dial_task_main_sn);
        if (!task) throw new AppError(ErrorCode.NotFound, '任务不存在或已删除');
        return (await taskCreateRepository.scriptColumnsOfTask(trx, task.id)) ?? [];
      }
      if (!target.project_sn) throw new AppError(ErrorCode.WrongDataFormat, '参数错误: project_sn: 必填');
      const script = await taskCreateRepository.findScript(trx, target.project_sn);
      if (!script) throw new AppError(ErrorCode.NotFound, '话术模板不存在或已停用');
      return script.columns;
    });
    const file = files.find((f) => f.field === 'upload') ?? files[0];
    if (!file) throw ImportFileError.empty('请上传导入文件(upload)');
    if (file.bytes > this.maxBytes) throw ImportFileError.tooLarge(this.maxBytes);
    const template = parseTemplate(captions);
    const opened = await openUpload(file.path, template, { maxBytes: this.maxBytes });
    try {
      const rows: Record<string, string>[] = [];
      for await (const row of opened.file.rows) {
        rows.push(row.columns);
        if (rows.length >= PREVIEW_ROWS) break;
      }
      const header = opened.file.header.map((h) => h.replace(/^[*＊]/, '').trim());
      return {
        file_type: String(opened.file.type),
        encoding: opened.file.encoding ?? null,
        header: opened.file.header,
        columns: opened.file.template.columns.map((c) => ({
          key: c.key,
          required: c.required || c.key === opened.file.template.phoneKey,
          found: header.includes(c.key),
        })),
        rows,
      };
    } finally {
      await opened.file.close();
    }
  }
}
