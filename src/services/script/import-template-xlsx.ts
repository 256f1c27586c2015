import { loadExcelJs } from '../../lib/load-exceljs.js';
import type { ExtendedField } from './import-columns.js';

/**
 * The task-import template of a script (5.11 without `type`): sheet 1 has the import columns as its header
 * row (text-formatted, so numbers keep leading zeros); sheet 2 explains the extended fields.
 * @example const xlsx = await buildImportTemplate(['姓名', '*电话'], []);
 */
export async function buildImportTemplate(
  columns: readonly string[],
  fields: readonly ExtendedField[],
): Promise<Buffer> {
  const { default: ExcelJS } = await loadExcelJs();
  const book = new ExcelJS.Workbook();
  book.creator = 'aicall';
  const sheet = book.addWorksheet('导入模板');
  sheet.columns = columns.map((c) => ({
    header: c,
    key: c,
    width: Math.max(12, c.length * 3),
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  if (fields.length > 0) {
    const notes = book.addWorksheet('字段说明');
    notes.columns = [
      { header: '字段', key: 'name', width: 16 },
      { header: '必填', key: 'required', width: 8 },
      { header: '说明', key: 'description', width: 40 },
      { header: '缺省值', key: 'default', width: 16 },
    ];
    notes.getRow(1).font = { bold: true };
    for (const f of fields) {
      notes.addRow({
        name: f.name,
        required: f.required ? '是' : '否',
        description: f.description,
        default: f.default,
      });
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
