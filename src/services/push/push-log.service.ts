// The push API's view of the outbox (ext): one event's delivery log, the reconciliation feed ("events since
// cursor"), the dead-letter list, and manual resends. Everything runs in the tenant's transaction.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { formatDateTime, parseDateTime } from '../../lib/clock.js';
import { pushAttemptRepository } from '../../repositories/push-attempt.repository.js';
import {
  pushHistoryRepository,
  type PushEventFilter,
  type PushEventStatus,
  type PushWaitReason,
} from '../../repositories/push-history.repository.js';
import type { Store } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { ORDERED_KINDS } from './policy/push-kind.js';

export interface TimeRange {
  start_time?: string;
  end_time?: string;
}

export interface ResendInput extends TimeRange {
  event_id?: readonly string[];
  status?: readonly PushEventStatus[];
  kind?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EVENT_IDS = 1000;

type EventRow = NonNullable<Awaited<ReturnType<typeof pushHistoryRepository.findByEventId>>>;
type WaitingFields = 'waiting_reason' | 'waiting_until';
type SummaryRow = Omit<EventRow, 'payload' | WaitingFields> & Partial<Pick<EventRow, WaitingFields>>;

/** What each wait reason means to the reader of the push log. */
const WAIT_DETAIL: Record<PushWaitReason, string> = {
  lease: '投递进程已领取,租约到期前不会再被领取(进程已退出时,重启后立即交回)',
  retry: '上次投递失败,按重试策略等待下一次投递',
  order: '等待同一order_key的更早事件投递完成',
  due: '已到期,下一次轮询即投递',
};

/** Push log, pull feed, dead letters and resends for one tenant. */
export class PushLogService {
  constructor(private readonly store: Store) {}

  /** One event with every delivery attempt (status, latency, response snippet, error). */
  async eventLog(ctx: TenantContext, eventId: string) {
    checkEventId(eventId);
    return this.store.tenant(ctx.teamId, async (trx) => {
      const event = await pushHistoryRepository.findByEventId(trx, eventId, ORDERED_KINDS);
      if (!event) throw new AppError(ErrorCode.NotFound, '推送事件不存在');
      const attempts = await pushAttemptRepository.listForEvent(trx, event.id);
      return {
        event: { ...summary(event, ctx.timezone), payload: event.payload },
        attempts: attempts.map((a) => ({
          attempt: a.attempt,
          attempted_at: formatDateTime(a.attempted_at, ctx.timezone),
          url: a.url,
          status_code: a.status_code ?? 0,
          latency_ms: a.latency_ms,
          response_snippet: a.response_snippet,
          error: a.error ?? '',
          outcome: a.outcome,
          next_attempt_at: a.next_attempt_at ? formatDateTime(a.next_attempt_at, ctx.timezone) : '',
        })),
      };
    });
  }

  /** Events after `cursor` (an event `id`), oldest first, with payloads: for reconciliation after an outage. */
  async since(ctx: TenantContext, p: { cursor?: string; limit: number; kind?: string }) {
    const cursor = p.cursor?.trim() || '0';
    if (!/^\d{1,18}$/.test(cursor)) throw new AppError(ErrorCode.WrongDataFormat, 'cursor须为事件id(数字)');
    const rows = await this.store.tenant(ctx.teamId, (trx) =>
      pushHistoryRepository.listSince(trx, cursor, p.limit, ORDERED_KINDS, p.kind),
    );
    const last = rows[rows.length - 1];
    return {
      list: rows.map((r) => ({ ...summary(r, ctx.timezone), payload: r.payload })),
      next_cursor: Number(last ? last.id : cursor),
      has_more: rows.length === p.limit,
    };
  }

  /** Dead-lettered events, newest first. */
  async dead(ctx: TenantContext, p: TimeRange & { kind?: string; pageIndex: number; pageSize: number }) {
    const filter = { ...timeFilter(p, ctx.timezone), kind: p.kind };
    const { total, rows } = await this.store.tenant(ctx.teamId, (trx) =>
      pushHistoryRepository.listDead(trx, filter, p.pageIndex * p.pageSize, p.pageSize),
    );
    return { total, list: rows.map((r) => summary(r, ctx.timezone)) };
  }

  /**
   * Queues events for delivery again: the given event ids, or every event created in a time range with the
   * given statuses (default: dead). Same event id (receivers de-duplicate on it), destination from the current
   * settings, a fresh retry schedule.
   */
  async resend(ctx: TenantContext, p: ResendInput): Promise<{ resent: number }> {
    const ids = p.event_id ?? [];
    if (ids.length > MAX_EVENT_IDS) {
      throw new AppError(ErrorCode.WrongDataFormat, `event_id一次最多${MAX_EVENT_IDS}个`);
    }
    ids.forEach(checkEventId);
    const range = timeFilter(p, ctx.timezone);
    if (ids.length === 0 && !range.from && !range.to) {
      throw new AppError(ErrorCode.WrongDataFormat, '请指定event_id,或start_time/end_time时间范围');
    }
    const filter: PushEventFilter = {
      ...range,
      kind: p.kind,
      eventIds: ids.length > 0 ? ids : undefined,
      // By id: whatever their state; by range: dead letters unless told otherwise.
      statuses: p.status && p.status.length > 0 ? p.status : ids.length > 0 ? undefined : ['dead'],
    };
    const resent = await this.store.tenant(ctx.teamId, (trx) => pushHistoryRepository.resend(trx, filter));
    return { resent };
  }
}

function checkEventId(id: string): void {
  if (!UUID.test(id)) throw new AppError(ErrorCode.WrongDataFormat, `event_id格式不正确: ${id.slice(0, 60)}`);
}

function timeFilter(p: TimeRange, timeZone: string): { from?: Date; to?: Date } {
  const parse = (field: 'start_time' | 'end_time'): Date | undefined => {
    const text = p[field]?.trim();
    if (!text) return undefined;
    const at = parseDateTime(text, timeZone);
    if (!at) throw new AppError(ErrorCode.WrongDataFormat, `${field}格式应为Y-m-d H:i:s`);
    return at;
  };
  const from = parse('start_time');
  let to = parse('end_time');
  // A bare date as end means "through that day".
  if (to && p.end_time && /^\s*\d{4}-\d{1,2}-\d{1,2}\s*$/.test(p.end_time)) {
    to = new Date(to.getTime() + 86_400_000);
  } else if (to) {
    to = new Date(to.getTime() + 1000); // end_time is inclusive to the second
  }
  return { from, to };
}

const dt = (d: Date | null, tz: string): string => (d ? formatDateTime(d, tz) : '');

function summary(r: SummaryRow, tz: string) {
  return {
    id: Number(r.id),
    event_id: r.event_id,
    kind: r.kind,
    order_key: r.order_key,
    target_url: r.target_url ?? '',
    status: r.status,
    attempts: r.attempts,
    next_attempt_at: r.status === 'pending' ? dt(r.next_attempt_at, tz) : '',
    last_status: r.last_status ?? 0,
    last_error: r.last_error ?? '',
    created_at: dt(r.created_at, tz),
    delivered_at: dt(r.delivered_at, tz),
    // Why a pending event is not being sent now and until when (null once it is delivered, dead or skipped).
    waiting: r.waiting_reason
      ? {
          reason: r.waiting_reason,
          until: dt(r.waiting_until ?? null, tz),
          detail:
            r.waiting_reason === 'retry' && r.last_error
              ? `${WAIT_DETAIL.retry}: ${r.last_error}`
              : WAIT_DETAIL[r.waiting_reason],
        }
      : null,
  };
}
