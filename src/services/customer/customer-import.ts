// 6.7.1–6.7.4 customer imports (JSON `add_json` or an xlsx/csv upload) into the public pool or private pools.
// Rows are read by the task import's readers (phone aliases, header search, caps) and every phone goes through
// the same normalisation and DND check; a phone already in the team's pools, or earlier in the import, is a
// repeat. The whole import is one transaction: a file that fails half-way leaves nothing behind.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { normalizePhone } from '../../lib/phone/index.js';
import { customerRepository, type NewCustomer } from '../../repositories/customer.repository.js';
import { dndRepository } from '../../repositories/dnd.repository.js';
import type { Tx } from '../../repositories/store.js';
import { ImportFileError, columnKey, parseTemplate } from '../import/parse/index.js';
import type { ImportRow, ImportTemplate } from '../import/parse/index.js';
import { PHONE_ALIASES, jsonRows, openUpload, renamePhoneKey } from '../import/phone-aliases.js';
import type { UploadedImportFile } from '../import/uploaded-file.js';
import { pushEnteredPrivate } from './customer-push.js';

/** The customer template: the columns with a place in the customer; any other column is a custom field. */
const BASE_CAPTIONS = ['姓名', '*电话', '地址', '公司名称', '备注', '标签'] as const;
const BASE_TEMPLATE = parseTemplate(BASE_CAPTIONS);
/** Company column spellings besides 公司名称. */
const COMPANY_KEYS = ['公司名称', '公司', '单位'];
const MAX_CUSTOM_COLUMNS = 50;
const BATCH = 1000;

export interface ImportCounts {
  total: number;
  success_count: number;
  fail: number;
  repeat: number;
}

/** Where imported customers go. */
export interface ImportTarget {
  /** Private pool owners, filled in turn; empty = public pool. */
  readonly owners: readonly { id: string; sn: string }[];
  readonly followSetId: number;
  readonly autoIgnore: number;
  /** Private customers allowed per owner (0 = unlimited). */
  readonly cap: number;
  readonly actorId: string;
}

/** A template with the source's extra columns as custom fields (phone spellings stay aliases). */
function templateWith(extra: Iterable<string>): ImportTemplate {
  const skip = new Set<string>([
    ...BASE_TEMPLATE.columns.map((c) => c.key),
    ...COMPANY_KEYS,
    ...PHONE_ALIASES,
  ]);
  const custom = [...new Set([...extra].map(columnKey))].filter((k) => k !== '' && !skip.has(k));
  if (custom.length > MAX_CUSTOM_COLUMNS) {
    throw new AppError(ErrorCode.WrongDataFormat, `参数错误: 自定义字段最多${MAX_CUSTOM_COLUMNS}个`);
  }
  return parseTemplate([...BASE_CAPTIONS, ...COMPANY_KEYS.slice(1), ...custom]);
}

/** The keys used by `add_json` items (first 1,000), for custom fields; the reader validates the rest. */
function jsonKeys(addJson: unknown): string[] {
  let v = addJson;
  for (let depth = 0; depth < 5 && !Array.isArray(v); depth++) {
    if (typeof v === 'string') {
      try {
        v = JSON.parse(v) as unknown;
      } catch {
        return [];
      }
    } else if (typeof v === 'object' && v !== null && 'data' in v) {
      v = v.data;
    } else {
      return [];
    }
  }
  const keys = new Set<string>();
  const items: unknown[] = Array.isArray(v) ? (v as unknown[]) : [];
  for (const item of items.slice(0, 1000)) {
    if (typeof item === 'object' && item !== null) for (const k of Object.keys(item)) keys.add(k);
  }
  return [...keys];
}

/** `add_json` rows: 20002 when it is not `{"data":[…]}`, 30001 when empty, 30003 without a phone column. */
export function addJsonRows(addJson: unknown): ImportRow[] {
  if (addJson === undefined || addJson === '') {
    throw new AppError(ErrorCode.WrongDataFormat, '参数错误: add_json必填');
  }
  const template = templateWith(jsonKeys(addJson));
  return jsonRows(addJson, template).rows;
}

/** Opens an uploaded xlsx/csv (30001/30002/30003/40029 like task imports); the header's extra columns are kept. */
export async function uploadRows(
  file: UploadedImportFile,
  maxBytes: number,
): Promise<{ rows: AsyncIterable<ImportRow>; close: () => Promise<void> }> {
  if (file.bytes > maxBytes) throw ImportFileError.tooLarge(maxBytes);
  const first = await openUpload(file.path, BASE_TEMPLATE, { maxBytes });
  const template = templateWith(first.file.header);
  if (template.columns.length === BASE_TEMPLATE.columns.length) return wrap(first, BASE_TEMPLATE);
  await first.file.close();
  return wrap(await openUpload(file.path, template, { maxBytes }), template);
}

function wrap(opened: Awaited<ReturnType<typeof openUpload>>, template: ImportTemplate) {
  const { file, alias } = opened;
  async function* rows(): AsyncGenerator<ImportRow> {
    for await (const row of file.rows) yield alias ? renamePhoneKey(row, alias, template.phoneKey) : row;
  }
  return { rows: rows(), close: () => file.close() };
}

/** Imports rows into the team's pools inside `trx`. */
export async function importCustomerRows(
  trx: Tx,
  teamId: string,
  rows: Iterable<ImportRow> | AsyncIterable<ImportRow>,
  target: ImportTarget,
  now: Date,
): Promise<ImportCounts> {
  const counts: ImportCounts = { total: 0, success_count: 0, fail: 0, repeat: 0 };
  const owners = target.owners;
  await customerRepository.lockOwners(
    trx,
    owners.map((o) => o.id),
  );
  const held = new Map<string, number>();
  for (const o of owners) held.set(o.id, await customerRepository.privateCount(trx, o.id));
  let turn = 0;
  const nextOwner = (): { id: string; sn: string } | undefined => {
    for (let i = 0; i < owners.length; i++) {
      const o = owners[(turn + i) % owners.length]!;
      if (target.cap === 0 || (held.get(o.id) ?? 0) < target.cap) {
        turn = (turn + i + 1) % owners.length;
        held.set(o.id, (held.get(o.id) ?? 0) + 1);
        return o;
      }
    }
    return undefined;
  };
  const seen = new Set<string>();
  let batch: NewCustomer[] = [];
  const flush = async () => {
    const phones = batch.map((c) => c.phone);
    const blocked = await dndRepository.blocked(trx, teamId, phones, now);
    const allowed = batch.filter((c) => !blocked.has(c.phone));
    counts.fail += batch.length - allowed.length;
    const inserted = await customerRepository.insertNew(trx, allowed);
    const insertedPhones = new Set(inserted.map((r) => r.phone));
    for (const c of allowed) {
      // A phone the team already has: a repeat, and its owner slot is handed back.
      if (!insertedPhones.has(c.phone) && c.owner_id !== null) {
        held.set(c.owner_id, (held.get(c.owner_id) ?? 1) - 1);
      }
    }
    for (const c of batch) {
      if (blocked.has(c.phone) && c.owner_id !== null) held.set(c.owner_id, (held.get(c.owner_id) ?? 1) - 1);
    }
    counts.repeat += allowed.length - inserted.length;
    counts.success_count += inserted.length;
    await customerRepository.recordMoves(
      trx,
      inserted.map((r) => ({
        customer_id: r.id,
        phone: r.phone,
        action: 'import' as const,
        from_owner_id: null,
        to_owner_id: r.owner_id,
        actor_id: target.actorId,
        detail: FOLLOW_SET_LABELS[target.followSetId] ?? '',
        created_at: now,
      })),
    );
    await pushEnteredPrivate(
      trx,
      teamId,
      'import',
      inserted.filter((r) => r.owner_id !== null).map((r) => ({ id: r.id })),
    );
    batch = [];
  };
  for await (const row of rows) {
    counts.total++;
    const phone = normalizePhone(row.columns[BASE_TEMPLATE.phoneKey] ?? '');
    if (!phone.ok) {
      counts.fail++;
      continue;
    }
    if (seen.has(phone.national)) {
      counts.repeat++;
      continue;
    }
    seen.add(phone.national);
    const owner = owners.length > 0 ? nextOwner() : undefined;
    if (owners.length > 0 && owner === undefined) {
      counts.fail++; // every owner's private pool is full
      continue;
    }
    batch.push(toCustomer(row, phone.national, owner?.id ?? null, target, now));
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return counts;
}

export const FOLLOW_SET_LABELS: Readonly<Record<number, string>> = {
  0: 'AI预筛',
  [-1]: '人工导入',
  [-2]: '商机导入',
};

function toCustomer(
  row: ImportRow,
  phone: string,
  ownerId: string | null,
  target: ImportTarget,
  now: Date,
): NewCustomer {
  const c = row.columns;
  const known = new Set<string>([...BASE_TEMPLATE.columns.map((k) => k.key), ...COMPANY_KEYS]);
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(c)) if (!known.has(key) && value !== '') fields[key] = value;
  return {
    phone,
    name: c['姓名'] ?? '',
    company: COMPANY_KEYS.map((k) => c[k] ?? '').find((v) => v !== '') ?? '',
    address: c['地址'] ?? '',
    remark: c['备注'] ?? '',
    fields,
    tags: splitTags(c['标签'] ?? ''),
    owner_id: ownerId,
    follow_set_id: target.followSetId,
    auto_ignore: target.autoIgnore,
    grade: '',
    source_task_id: null,
    source_record_id: null,
    owned_at: ownerId === null ? null : now,
    created_at: now,
    updated_at: now,
  };
}

/** Tags as written in one cell: separated by commas, semicolons or spaces (ASCII or full-width). */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,，;；、\s]+/).filter(Boolean))].slice(0, 20);
}
