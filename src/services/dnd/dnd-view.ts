// How DND entries look on the wire (8.1) and in the download (8.3).
import type { Writable } from 'node:stream';
import { formatDateTime } from '../../lib/clock.js';
import { loadExcelJs } from '../../lib/load-exceljs.js';

interface DndRow {
  id: string;
  name: string | null;
  phone: string;
  unit: string;
  address: string;
  remark: string;
  term_value: number;
  expires_at: Date | null;
  source: string;
  created_at: Date;
}

/** 8.1 item, field names and types as the reference's example (term_value as a string). */
export interface DndItem {
  id: number;
  name: string | null;
  phone: string;
  unit: string;
  address: string;
  remark: string;
  term_value: string;
  created_at: string;
  /** Source label: 人工导入 for operator entries, the adding component's label otherwise. */
  is_auto: string;
  /** Expiry `Y-m-d H:i:s`; '' when permanent (term_value 0). */
  term_time: string;
}

export function toDndItem(r: DndRow, timeZone: string): DndItem {
  return {
    id: Number(r.id),
    name: r.name,
    phone: r.phone,
    unit: r.unit,
    address: r.address,
    remark: r.remark,
    term_value: String(r.term_value),
    created_at: formatDateTime(r.created_at, timeZone),
    is_auto: r.source,
    term_time: r.expires_at ? formatDateTime(r.expires_at, timeZone) : '',
  };
}

const HEADER = ['ID', '号码', '姓名', '单位', '地址', '备注', '期限(天)', '加入时间', '到期时间', '来源'];
const PAGE = 5000;

/** Streams entries page by page into an xlsx written to `out`; memory stays flat however long the list. */
export async function writeDndWorkbook(
  out: Writable,
  timeZone: string,
  page: (afterId: string, limit: number) => Promise<DndRow[]>,
): Promise<void> {
  const { default: ExcelJS } = await loadExcelJs();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('防打扰');
  sheet.addRow(HEADER).commit();
  let afterId = '0';
  for (;;) {
    const rows = await page(afterId, PAGE);
    for (const r of rows) {
      const item = toDndItem(r, timeZone);
      sheet
        .addRow([
          item.id,
          item.phone,
          item.name ?? '',
          item.unit,
          item.address,
          item.remark,
          r.term_value,
          item.created_at,
          item.term_time || '永久',
          item.is_auto,
        ])
        .commit();
    }
    if (rows.length < PAGE) break;
    afterId = rows[rows.length - 1]!.id;
  }
  sheet.commit();
  await workbook.commit();
}
