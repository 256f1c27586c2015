// The rows an import refused, as the CSV an operator downloads: the row's own columns as uploaded, then why it was
// not imported (5.7.4 `import_fail_data` with the extension `import_fail_reasons` at the same indexes).
import type { ImportInfo } from '../../api/tasks';
import { toCsv } from '../../lib/format';

export const REASON_COLUMN = '未导入原因';

export function rejectedRowsCsv(info: Pick<ImportInfo, 'import_fail_data' | 'import_fail_reasons'>): string {
  return toCsv(
    info.import_fail_data.map((row, i) => ({ ...row, [REASON_COLUMN]: info.import_fail_reasons?.[i] ?? '' })),
  );
}
