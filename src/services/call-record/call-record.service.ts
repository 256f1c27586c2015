import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { callRecordRepository } from '../../repositories/call-record.repository.js';
import { tenantReader, type Store } from '../../repositories/store.js';
import { CALL_RESULTS, type CallResult } from '../../telephony/call-result.js';
import { reclassifyCustomer } from '../customer/prescreen.js';
import type { TenantContext } from '../tenant-context.js';
import { resolveFilters, type CrmListFilters } from './record-filter.js';
import { toRecordPayload, type RecordPayload } from './record-payload.js';
import { toFragment, type FragmentTurn } from './turn-format.js';
import { ZoneFormatter } from './zone-formatter.js';

export interface CrmListInput extends CrmListFilters {
  pageIndex: number;
  pageSize: number;
}

/** 6.4 answer: the dialogue plus the record's identifying fields. */
export interface CdrShow {
  fragment: FragmentTurn[][];
  accounts_sn: string;
  phone: string;
  connected_at: string | null;
  disconnected_at: string | null;
  talktimes: number;
  status: string;
  status_manual: string;
  recordpath: string;
  recordfile: string;
}

/** One row of the 6.5 number-status table. */
export interface CallResultRow {
  id: number;
  name: string;
  alias: string;
  /** answered / callee (about the number) / local (our side: the call never reached the carrier's verdict). */
  family: string;
  /** Whether a redial can help: never (dead numbers), later, none (answered). */
  retry: string;
  /** Our result names that report this code. */
  results: CallResult[];
}

/** Manual classification values: letter grades as the AI uses, or '' to clear. */
const MANUAL_STATUS = /^[A-Za-z]$/;

/** Call records: 6.1 list, 6.4 dialogue, 6.5 codes and manual classification. */
export class CallRecordService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** 6.1 `/api/crmList`: filters, (created_at, id) order, `{total, list}`. */
  async list(ctx: TenantContext, input: CrmListInput): Promise<{ total: number; list: RecordPayload[] }> {
    const { query, empty } = resolveFilters(input, this.clock.now(), ctx.timezone);
    if (empty) return { total: 0, list: [] };
    const { total, rows } = await callRecordRepository.list(
      tenantReader(this.store, ctx.teamId),
      { ...query, visibleTo: visibleTo(ctx) },
      { offset: input.pageIndex * input.pageSize, limit: input.pageSize },
    );
    const fmt = ZoneFormatter.of(ctx.timezone);
    return { total, list: rows.map((r) => toRecordPayload(r, fmt)) };
  }

  /**
   * 6.4 `/api/cdrshow`. The record is found by its sn alone: the reference needs `connected_at` to pick a
   * partition, we do not, so a differing value is accepted and ignored.
   */
  async show(ctx: TenantContext, input: { accounts_sn: string; connected_at?: string }): Promise<CdrShow> {
    const sn = input.accounts_sn.trim();
    const row = sn
      ? await this.store.tenant(ctx.teamId, (trx) =>
          callRecordRepository.findWithTurns(trx, sn, visibleTo(ctx)),
        )
      : undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `通话记录不存在: ${input.accounts_sn}`);
    const p = toRecordPayload(row, ctx.timezone);
    return {
      fragment: toFragment(row.turns),
      accounts_sn: p.sn,
      phone: p.phone,
      connected_at: p.connected_at,
      disconnected_at: p.disconnected_at,
      talktimes: p.talktimes,
      status: p.status,
      status_manual: p.status_manual,
      recordpath: p.recordpath,
      recordfile: p.recordfile,
    };
  }

  /**
   * Sets a record's manual classification (`status_manual`), kept apart from the AI grade (`status`); '' clears
   * it. `mark` (optional) replaces the remark. Bumps `updated_at` so incremental 6.1 sync picks it up.
   */
  async classify(
    ctx: TenantContext,
    input: { accounts_sn: string; status_manual: string; mark?: string },
  ): Promise<{ accounts_sn: string; status_manual: string }> {
    const value = input.status_manual.trim();
    if (value !== '' && !MANUAL_STATUS.test(value)) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: status_manual须为单个字母(如A–F)或空字符串');
    }
    if (input.mark !== undefined && input.mark.length > 500) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: mark不能超过500个字符');
    }
    const statusManual = value.toUpperCase();
    const sn = input.accounts_sn.trim();
    const found = await this.store.tenant(ctx.teamId, async (trx) => {
      const set = await callRecordRepository.setManual(trx, sn, {
        statusManual,
        mark: input.mark,
        by: ctx.accountId,
        visibleTo: visibleTo(ctx),
      });
      // A manual grade may admit the callee to a customer pool or withdraw a pre-screened one.
      if (set) await reclassifyCustomer(trx, ctx.teamId, sn, ctx.accountId, this.clock.now());
      return set;
    });
    if (!found) throw new AppError(ErrorCode.NotFound, `通话记录不存在: ${input.accounts_sn}`);
    return { accounts_sn: input.accounts_sn.trim(), status_manual: statusManual };
  }

  /** 6.5 号码状态说明: every code, in code order, with the results that report it. */
  callResults(): CallResultRow[] {
    const byCode = new Map<number, CallResultRow>();
    for (const [result, info] of Object.entries(CALL_RESULTS) as [
      CallResult,
      (typeof CALL_RESULTS)[CallResult],
    ][]) {
      const row = byCode.get(info.code);
      if (row) {
        row.results.push(result);
        continue;
      }
      byCode.set(info.code, {
        id: info.code,
        name: info.name,
        alias: info.alias,
        family: info.family,
        retry: info.retry,
        results: [result],
      });
    }
    return [...byCode.values()].sort((a, b) => a.id - b.id);
  }
}

/** A sub-account sees its own calls and the calls of tasks it created; the main account sees the team's. */
function visibleTo(ctx: TenantContext): string | undefined {
  return ctx.isMain ? undefined : ctx.accountId;
}
