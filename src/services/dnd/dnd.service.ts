// 8.1–8.4 the DND list (防打扰), and the calls other areas make: the robot's "don't call me again" (addToDnd) and the
// dialer's last check before dialing (blockedNumbers).
import type { Writable } from 'node:stream';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { normalizePhone } from '../../lib/phone/index.js';
import { dndRepository, type DndEntryInput } from '../../repositories/dnd.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { MANUAL_DND_SOURCE } from '../import/detection/history-detector.js';
import type { UploadedImportFile } from '../import/uploaded-file.js';
import { importDndFile, type DndFileResult } from './dnd-file-import.js';
import { toDndItem, writeDndWorkbook, type DndItem } from './dnd-view.js';

export interface DndAddInput {
  phone?: string;
  term_value?: number;
  name?: string;
  unit?: string;
  address?: string;
  remark?: string;
}

export interface DndAddResult {
  total: number;
  success_count: number;
  fail: number;
  repeat: number;
  /** Rows that were not added (first 1,000), with the reason. */
  fail_data: { row: number; phone: string; reason: string }[];
}

/** Where an automatic addition goes: a team (own transaction) or the caller's transaction of that team. */
export type DndTarget = string | { readonly trx: Tx; readonly teamId: string };

/** Longest block the API accepts (days); 0 = permanent. */
const MAX_TERM_DAYS = 3650;

export class DndService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: { readonly importMaxBytes: number },
  ) {}

  /** 8.1: `{total, datas}`, newest first; `phone` filters by substring. */
  list(tenant: TenantContext, p: { phone?: string; pageIndex: number; pageSize: number }) {
    return this.store.tenant(tenant.teamId, async (trx) => {
      const digits = p.phone?.replace(/\D/g, '');
      const { total, rows } = await dndRepository.list(trx, {
        ...(digits ? { phone: digits } : {}),
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      });
      return { total, datas: rows.map((r): DndItem => toDndItem(r, tenant.timezone)) };
    });
  }

  /** 8.2: by ids or phones; `success` removed, `fail` not found (or not a number). */
  remove(tenant: TenantContext, p: { ids_json?: string[]; phone_str?: string[] }) {
    const ids = (p.ids_json ?? []).map((id) => String(id).trim()).filter(Boolean);
    const phones = p.phone_str ?? [];
    if (ids.length === 0 && phones.length === 0) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: 请提供ids_json或phone_str');
    }
    return this.store.tenant(tenant.teamId, async (trx) => {
      const goodIds = ids.filter((id) => /^\d{1,18}$/.test(id));
      const normalized = phones.map((raw) => normalizePhone(raw)).flatMap((r) => (r.ok ? [r.national] : []));
      const removed =
        (await dndRepository.deleteByIds(trx, [...new Set(goodIds)])) +
        (await dndRepository.deleteByPhones(trx, [...new Set(normalized)]));
      return { success: removed, fail: ids.length + phones.length - removed };
    });
  }

  /** 8.3: the list (or the given ids) as an xlsx written to `out`. */
  async exportXlsx(tenant: TenantContext, p: { ids_json?: string[] }, out: Writable): Promise<void> {
    const ids = p.ids_json?.map(String).filter((id) => /^\d{1,18}$/.test(id));
    await writeDndWorkbook(out, tenant.timezone, (afterId, limit) =>
      this.store.tenant(tenant.teamId, (trx) =>
        dndRepository.exportPage(trx, { ...(ids && p.ids_json!.length > 0 ? { ids } : {}), afterId, limit }),
      ),
    );
  }

  /** 8.4: one `phone` (or a comma list), or an uploaded xlsx/csv with a phone column; operator entries. */
  async add(
    tenant: TenantContext,
    p: DndAddInput,
    files: readonly UploadedImportFile[],
  ): Promise<DndAddResult> {
    const term = p.term_value ?? 0;
    if (!Number.isInteger(term) || term < 0 || term > MAX_TERM_DAYS) {
      throw new AppError(ErrorCode.WrongDataFormat, `参数错误: term_value: 须为0–${MAX_TERM_DAYS}天(0=永久)`);
    }
    const base = {
      name: p.name?.trim() || null,
      unit: p.unit?.trim() ?? '',
      address: p.address?.trim() ?? '',
      remark: p.remark?.trim() ?? '',
      term_value: term,
      expires_at: this.#expiry(term),
      source: MANUAL_DND_SOURCE,
    };
    const file = files.find((f) => f.field === 'upload') ?? files[0];
    if (file) {
      const result: DndFileResult = await this.store.tenant(tenant.teamId, (trx) =>
        importDndFile(trx, tenant.teamId, file, base, this.limits.importMaxBytes),
      );
      return result;
    }
    const raw = (p.phone ?? '').split(/[,，\s]+/).filter(Boolean);
    if (raw.length === 0) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: 请提供phone或上传文件upload');
    }
    const entries = new Map<string, DndEntryInput>();
    const fail_data: DndAddResult['fail_data'] = [];
    raw.forEach((value, i) => {
      const r = normalizePhone(value);
      if (r.ok) entries.set(r.national, { ...base, phone: r.national });
      else fail_data.push({ row: i + 1, phone: value, reason: r.reason });
    });
    if (raw.length === 1 && fail_data.length === 1) {
      throw new AppError(ErrorCode.WrongDataFormat, `号码格式错误: ${fail_data[0]!.reason}`);
    }
    await this.store.tenant(tenant.teamId, (trx) =>
      dndRepository.upsert(trx, tenant.teamId, [...entries.values()], 'replace'),
    );
    return {
      total: raw.length,
      success_count: entries.size,
      fail: fail_data.length,
      repeat: raw.length - entries.size - fail_data.length,
      fail_data,
    };
  }

  /**
   * Puts a number on a team's DND list automatically (the robot's "don't call me again", a complaint). An
   * existing entry keeps the later expiry (permanent wins). Throws 20002 for a value that is not a number.
   * @example await dnd.addToDnd(teamId, { phone: '13800138000', source: '机器人', remark: '客户要求不再来电' });
   * @example await dnd.addToDnd({ trx, teamId }, { phone, source: '投诉', termDays: 30 });
   */
  async addToDnd(
    target: DndTarget,
    entry: { phone: string; source: string; termDays?: number; remark?: string },
  ): Promise<{ phone: string }> {
    const r = normalizePhone(entry.phone);
    if (!r.ok) throw new AppError(ErrorCode.WrongDataFormat, `号码格式错误: ${r.reason}`);
    const termDays = Math.max(0, Math.min(MAX_TERM_DAYS, Math.trunc(entry.termDays ?? 0)));
    const row: DndEntryInput = {
      phone: r.national,
      name: null,
      unit: '',
      address: '',
      remark: entry.remark ?? '',
      term_value: termDays,
      expires_at: this.#expiry(termDays),
      source: entry.source,
    };
    if (typeof target === 'string') {
      await this.store.tenant(target, (trx) => dndRepository.upsert(trx, target, [row], 'extend'));
    } else {
      await dndRepository.upsert(target.trx, target.teamId, [row], 'extend');
    }
    return { phone: r.national };
  }

  /** Which of `phones` (normalized national numbers) are blocked for the team right now. */
  blockedNumbers(teamId: string, phones: readonly string[]): Promise<Set<string>> {
    return dndRepository.blocked(this.store.system, teamId, phones, this.clock.now());
  }

  #expiry(termDays: number): Date | null {
    return termDays > 0 ? new Date(this.clock.now().getTime() + termDays * 86_400_000) : null;
  }
}
