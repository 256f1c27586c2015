// 8.4 with an uploaded file: rows of a sheet with a phone column (and optional 姓名/单位/地址/备注) become operator
// DND entries, upserted in batches inside the caller's transaction.
import { normalizePhone } from '../../lib/phone/index.js';
import { dndRepository, type DndEntryInput } from '../../repositories/dnd.repository.js';
import type { Tx } from '../../repositories/store.js';
import { ImportFileError, parseTemplate } from '../import/parse/index.js';
import { openUpload } from '../import/phone-aliases.js';
import type { UploadedImportFile } from '../import/uploaded-file.js';

/** The DND upload's columns; only the phone is required. */
export const DND_TEMPLATE = parseTemplate(['*电话', '姓名', '单位', '地址', '备注']);
const BATCH = 5000;
const MAX_FAIL_DATA = 1000;

export interface DndFileResult {
  total: number;
  success_count: number;
  fail: number;
  repeat: number;
  fail_data: { row: number; phone: string; reason: string }[];
}

type Defaults = Omit<DndEntryInput, 'phone'>;

export async function importDndFile(
  trx: Tx,
  teamId: string,
  file: UploadedImportFile,
  defaults: Defaults,
  maxBytes: number,
): Promise<DndFileResult> {
  if (file.bytes > maxBytes) throw ImportFileError.tooLarge(maxBytes);
  const { file: opened, alias } = await openUpload(file.path, DND_TEMPLATE, { maxBytes });
  const result: DndFileResult = { total: 0, success_count: 0, fail: 0, repeat: 0, fail_data: [] };
  const seen = new Set<string>();
  let batch: DndEntryInput[] = [];
  try {
    for await (const row of opened.rows) {
      result.total++;
      const raw = row.columns[alias ?? DND_TEMPLATE.phoneKey] ?? '';
      const phone = normalizePhone(raw);
      if (!phone.ok) {
        result.fail++;
        if (result.fail_data.length < MAX_FAIL_DATA) {
          result.fail_data.push({ row: row.rowNo, phone: raw, reason: phone.reason });
        }
        continue;
      }
      if (seen.has(phone.national)) {
        result.repeat++;
        continue;
      }
      seen.add(phone.national);
      const c = row.columns;
      batch.push({
        ...defaults,
        phone: phone.national,
        name: c['姓名'] || defaults.name,
        unit: c['单位'] || defaults.unit,
        address: c['地址'] || defaults.address,
        remark: c['备注'] || defaults.remark,
      });
      if (batch.length >= BATCH) {
        await dndRepository.upsert(trx, teamId, batch, 'replace');
        result.success_count += batch.length;
        batch = [];
      }
    }
    await dndRepository.upsert(trx, teamId, batch, 'replace');
    result.success_count += batch.length;
  } finally {
    await opened.close();
  }
  return result;
}
