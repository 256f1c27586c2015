/**
 * The import's whole-file failures, with the reference's codes (§1.7) and operator-facing messages.
 *
 * Code choice where the reference is silent: a sheet whose header lacks the phone column (or another
 * starred column) gets 30003 "导入失败,模板为空" — the file does not follow the template — rather than
 * 20002 "数据格式错误", which the reference uses for malformed request parameters (bad `client_info_json`).
 * The size cap has no reference code and uses our 40029 (LimitExceeded).
 */
import { AppError, ErrorCode } from '../../../lib/app-error.js';

/** Keeps the low-level error for logs without exposing it on the wire (AppError details are rendered). */
function withCause(error: AppError, cause: unknown): AppError {
  if (cause !== undefined) error.cause = cause;
  return error;
}

export const ImportFileError = {
  empty: (what = '导入文件为空'): AppError => new AppError(ErrorCode.ImportFileEmpty, what),
  format: (detail?: string, cause?: unknown): AppError =>
    withCause(
      new AppError(
        ErrorCode.ImportFileFormat,
        detail === undefined ? '导入文件格式错误,仅支持xlsx、csv' : `导入文件格式错误,${detail}`,
      ),
      cause,
    ),
  legacyXls: (): AppError =>
    new AppError(ErrorCode.ImportFileFormat, '导入文件格式错误,不支持旧版xls文件,请另存为xlsx或csv后再导入'),
  missingColumns: (keys: readonly string[]): AppError =>
    new AppError(
      ErrorCode.ImportTemplateEmpty,
      `导入失败,模板为空:表头缺少${keys.map((k) => `"${k}"`).join('、')}列,请使用下载的导入模板`,
      { missing_columns: keys },
    ),
  tooLarge: (maxBytes: number): AppError =>
    new AppError(ErrorCode.LimitExceeded, `导入文件超过大小限制(最大${formatSize(maxBytes)})`, {
      max_bytes: maxBytes,
    }),
  tooManyRows: (maxRows: number): AppError =>
    new AppError(ErrorCode.LimitExceeded, `导入数据超过行数限制(最多${maxRows}行)`, { max_rows: maxRows }),
  badJson: (detail: string, cause?: unknown): AppError =>
    withCause(new AppError(ErrorCode.WrongDataFormat, `数据格式错误,${detail}`), cause),
} as const;

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))}MB` : `${Math.ceil(bytes / 1024)}KB`;
}
