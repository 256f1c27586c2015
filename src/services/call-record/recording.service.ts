import { constants, type Stats } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { TenantContext } from '../tenant-context.js';
import { RECORDING_TYPES, relativeRecordingPath } from './recording-path.js';

/** An opened recording; the caller streams `handle` and must close it (streams with autoClose do). */
export interface RecordingFile {
  readonly handle: FileHandle;
  readonly size: number;
  readonly fileName: string;
  readonly contentType: string;
}

/**
 * 6.2 / 6.3 recordings. Each team's files live in `<recordingsDir>/<team id>/`; a name is resolved strictly
 * inside that directory (no `..`, no symlink leading out of it), so a team can only ever read its own files.
 */
export class RecordingService {
  constructor(private readonly recordingsDir: string) {}

  /** 6.2 `/api/cdrDownload` and 6.3 `/api/cdrFragmentDownload` (no recordpath). */
  async open(ctx: TenantContext, input: { recordpath?: string; recordfile: string }): Promise<RecordingFile> {
    const resolved = relativeRecordingPath(input.recordpath, input.recordfile);
    if (!resolved.ok) throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${resolved.reason}`);
    const missing = () => new AppError(ErrorCode.NotFound, `录音文件不存在: ${input.recordfile}`);
    const root = await realpath(path.join(this.recordingsDir, ctx.teamId)).catch(() => undefined);
    if (!root) throw missing();
    const real = await realpath(path.join(root, resolved.rel)).catch(() => undefined);
    if (!real || !real.startsWith(root + path.sep)) throw missing();
    // O_NOFOLLOW: a symlink swapped in after the check is refused instead of followed.
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
    if (!handle) throw missing();
    let stat: Stats;
    try {
      stat = await handle.stat();
    } catch (err) {
      await handle.close();
      throw err;
    }
    if (!stat.isFile()) {
      await handle.close();
      throw missing();
    }
    const fileName = path.basename(real);
    const ext = path.extname(fileName).slice(1).toLowerCase();
    return {
      handle,
      size: stat.size,
      fileName,
      contentType: RECORDING_TYPES[ext] ?? 'application/octet-stream',
    };
  }
}
