import { newSn } from '../../lib/sn.js';
import {
  dialOutcomeRepository,
  insertPushesLike,
  loadRecordContext,
  type CounterUpdate,
  type NewCallRecord,
  type RecordContextRow,
} from '../../repositories/dial-outcome.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import { applyPrescreen } from '../customer/prescreen.js';
import { enqueuePush, PushKind } from '../push/outbox.js';
import { toRecordPayload, writtenRecordView, type WrittenRecord } from '../call-record/record-payload.js';
import { ZoneFormatter } from '../call-record/zone-formatter.js';
import type { DialOutcome } from './dial-types.js';
import {
  decideNumberChange,
  lastResultOf,
  readFailRecall,
  resultCodeOf,
  type NumberChange,
} from './number-outcome.js';

/** dnd_entries.source of numbers added because the callee asked during a call. */
export const DND_SOURCE_ROBOT = '通话中客户要求(自动)';

export interface HangupReport {
  /** Attempts finished now. */
  readonly applied: number;
  /** Attempts that had already been finished (recovered as unknown): their record was corrected. */
  readonly late: number;
}

/**
 * The hang-up transaction: for each finished attempt, in one transaction per team — the number's new state
 * (compare-and-set on the attempt), its call record with everything known, the task's counters, DND entries
 * the callee asked for and the 6.6.1 push in the outbox. Several attempts may share one transaction (group
 * commit); each is complete or absent. (A task's end is decided by the dialer once it finds nothing left.)
 */
export class HangupService {
  constructor(private readonly store: Store) {}

  /** Writes outcomes of any teams; one transaction per team. */
  async record(outcomes: readonly DialOutcome[], now: Date): Promise<HangupReport> {
    const byTeam = new Map<string, DialOutcome[]>();
    for (const o of outcomes) byTeam.set(o.number.teamId, [...(byTeam.get(o.number.teamId) ?? []), o]);
    let applied = 0;
    let late = 0;
    for (const [teamId, list] of byTeam) {
      const r = await this.store.tenant(teamId, (trx) => this.recordInTx(trx, teamId, list, now));
      applied += r.applied;
      late += r.late;
    }
    return { applied, late };
  }

  /** The same inside the caller's tenant transaction (recovery locks the claims in it first). */
  async recordInTx(
    trx: Tx,
    teamId: string,
    outcomes: readonly DialOutcome[],
    now: Date,
  ): Promise<HangupReport> {
    const contexts = await loadRecordContext(trx, [...new Set(outcomes.map((o) => o.number.taskId))]);
    const changes = outcomes.map((o) => {
      const ctx = contexts.get(o.number.taskId);
      const recall = readFailRecall(ctx?.fail_recall);
      return { o, ctx, change: decideNumberChange(o.result, o.number.attemptsBefore, recall, o.endedAt) };
    });
    const applied = await dialOutcomeRepository.applyNumberUpdates(
      trx,
      changes.map(({ o, change }) => ({
        id: o.number.id,
        dialSeq: o.number.dialSeq,
        status: change.status,
        attemptsInc: change.attemptsInc,
        nextAttemptAt: change.nextAttemptAt,
        lastResult: change.lastResult,
      })),
      now,
    );
    const fresh: { record: NewCallRecord; ctx: RecordContextRow }[] = [];
    let late = 0;
    for (const { o, ctx, change } of changes) {
      if (!change.writesRecord || !ctx) continue;
      const record = toRecord(o, ctx, now);
      if (applied.has(o.number.id)) fresh.push({ record, ctx });
      else if (o.result !== 'unknown' && (await dialOutcomeRepository.correctUnknownRecord(trx, record))) {
        late++;
      }
    }
    const inserted = await dialOutcomeRepository.insertRecords(
      trx,
      fresh.map((f) => f.record),
    );
    const ids = new Map(inserted.map((r) => [`${r.task_number_id}:${r.dial_seq}`, r]));
    await applyPrescreen(trx, teamId, prescreenCalls(fresh, ids), now);
    const mine = changes.filter(({ o }) => applied.has(o.number.id));
    await dialOutcomeRepository.addTaskCounters(trx, counters(mine.map((c) => c)), now);
    await dialOutcomeRepository.addDnd(
      trx,
      mine
        .filter(({ o }) => (o.conversation?.dndRequests.length ?? 0) > 0)
        .map(({ o }) => ({
          phone: o.number.phone,
          name: o.number.columns['姓名'] ?? '',
          remark: (o.conversation?.dndRequests ?? []).map((d) => d.reason).join('；'),
        })),
      DND_SOURCE_ROBOT,
    );
    await this.#push(
      trx,
      teamId,
      fresh.flatMap(({ record, ctx }) => {
        const row = ids.get(`${record.task_number_id}:${record.dial_seq}`);
        return row === undefined ? [] : [{ id: row.id, areaCode: row.area_code, record, context: ctx }];
      }),
    );
    return { applied: applied.size, late };
  }

  /**
   * 6.6.1 pushes — each the 6.1 record of its call, by the same mapper: the first through the outbox (which
   * resolves the destination), the rest alike in one insert.
   */
  async #push(trx: Tx, teamId: string, items: readonly WrittenRecord[]): Promise<void> {
    const [first, ...rest] = items;
    if (!first) return;
    const fmt = ZoneFormatter.of(first.context.timezone);
    const payload = (item: WrittenRecord) => ({ ...toRecordPayload(writtenRecordView(item), fmt) });
    const eventId = await enqueuePush(trx, teamId, {
      kind: PushKind.callRecord,
      orderKey: first.context.task_sn,
      payload: payload(first),
    });
    await insertPushesLike(
      trx,
      eventId,
      rest.map((item) => ({ orderKey: item.context.task_sn, payload: payload(item) })),
    );
  }
}

/** The newly recorded calls as AI pre-screening (customer pools) needs them. */
function prescreenCalls(
  fresh: readonly { record: NewCallRecord }[],
  ids: ReadonlyMap<string, { readonly id: string }>,
) {
  return fresh.flatMap(({ record: r }) => {
    const recordId = ids.get(`${r.task_number_id}:${r.dial_seq}`)?.id;
    return recordId === undefined
      ? []
      : [{ recordId, taskId: r.task_id, phone: r.phone, grade: r.grade, columns: r.columns }];
  });
}

function counters(items: readonly { o: DialOutcome; change: NumberChange }[]): CounterUpdate[] {
  const byTask = new Map<string, CounterUpdate>();
  for (const { o, change } of items) {
    const c = byTask.get(o.number.taskId) ?? {
      taskId: o.number.taskId,
      send: 0,
      success: 0,
      fail: 0,
      stops: 0,
    };
    c.send += change.counters.send;
    c.success += change.counters.success;
    c.fail += change.counters.fail;
    c.stops += change.counters.stops;
    byTask.set(o.number.taskId, c);
  }
  return [...byTask.values()];
}

function toRecord(o: DialOutcome, ctx: RecordContextRow, now: Date): NewCallRecord {
  const conv = o.conversation;
  const reason = lastResultOf(o.result);
  const unknown = o.result === 'unknown';
  return {
    sn: newSn('record'),
    task_id: o.number.taskId,
    task_number_id: o.number.id,
    dial_seq: o.number.dialSeq,
    account_id: ctx.account_id,
    script_id: ctx.script_id,
    line_id: o.number.lineId,
    phone: o.number.phone,
    name: o.number.columns['姓名'] ?? '',
    columns: { ...o.number.columns },
    result: reason,
    result_code: resultCodeOf(o.result),
    hangup_by: o.hangupBy ?? null,
    started_at: o.startedAt,
    connected_at: o.answeredAt ?? null,
    disconnected_at: o.endedAt,
    talktimes: Math.round(o.talkMs / 1000),
    grade: conv?.grade ?? 'E',
    grade_reason: conv?.gradeReason ?? (unknown ? '呼叫进程中断,通话结果未知' : `未接通(${reason})`),
    turn_count: conv?.turnCount ?? 0,
    asks_count: conv?.asksCount ?? 0,
    score: conv?.score ?? 0,
    turns: [...(conv?.turns ?? [])],
    labels: [...(conv?.labels ?? [])],
    hangup_node: conv?.hangupNode ?? '',
    is_transfer: conv?.transferred ? 1 : 0,
    sip_status: o.signalling?.status ?? null,
    sip_reason: o.signalling?.reason ?? '',
    recordfile: o.recordFile ?? null,
    details: { ...(conv?.details ?? {}), ...(unknown ? { outcome: 'unknown' } : { outcome: o.result }) },
    created_at: now,
    updated_at: now,
  };
}
