import {
  ClaimCategory,
  dialClaimRepository,
  type ClaimedRow,
  type ClaimWant,
} from '../../repositories/dial-claim.repository.js';
import { dialOutcomeRepository } from '../../repositories/dial-outcome.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import { allocate, type Budgets, type TaskDemand } from './allocate.js';
import type { ClaimedNumber, TeamPlan } from './dial-types.js';
import { frequencyReleaseAt, longestWindowMs } from './frequency-caps.js';

/** A task's wish for calls now. */
export interface ClaimDemand extends TaskDemand {
  readonly maxCallCount: number;
  /** Hints from the plan: categories not due are not looked at (undefined = nothing waiting there). */
  readonly recallDueAt?: Date | undefined;
  readonly deferredDueAt?: Date | undefined;
}

export interface ClaimRequest {
  readonly team: Pick<TeamPlan, 'teamId' | 'aiCount' | 'caps'>;
  /** In the order to serve within a priority (rotate it between calls for fairness). */
  readonly demands: readonly ClaimDemand[];
  /** Per line: calls it may start now by its own limits as this dialer sees them (capacity, CPS). */
  readonly lineRoom: ReadonlyMap<string, { capacity: number; now: number }>;
  readonly node: string;
  readonly now: Date;
  readonly leaseMs: number;
}

export interface ClaimResult {
  readonly claimed: ClaimedNumber[];
  /** Tasks that got fewer numbers than they could have had: nothing more is due for them now. */
  readonly exhausted: ReadonlySet<string>;
  /** Numbers stopped because they are on the DND list, per task. */
  readonly dndStopped: ReadonlyMap<string, number>;
  /** Numbers put back because of a frequency cap. */
  readonly deferred: number;
}

const CATEGORIES = [ClaimCategory.recall, ClaimCategory.deferred, ClaimCategory.fresh] as const;
const MAX_PASSES = 3;

/**
 * Claims the numbers to dial now for one team, in one transaction under the team's claim lock, so the limits
 * hold across dialer processes: the team's ai_count, each owning account's max_call_count and each line's
 * capacity are counted from the calls in progress in the database; the line's CPS room comes from the caller.
 * DND and frequency caps are checked again here: a number on the DND list is stopped, a capped one waits.
 */
export class ClaimService {
  constructor(private readonly store: Store) {}

  async claim(req: ClaimRequest): Promise<ClaimResult> {
    return this.store.tenant(req.team.teamId, async (trx) => {
      await dialClaimRepository.lockTeam(trx, req.team.teamId);
      const budgets = await this.#budgets(trx, req);
      const { rows, exhausted } = await this.#take(trx, req, budgets);
      const { kept, dndStopped, deferred } = await this.#screen(trx, req, rows);
      return { claimed: kept.map(toClaimed), exhausted, dndStopped, deferred };
    });
  }

  /** Renews the leases of a dialer's unfinished attempts (any team). */
  renew(node: string, numberIds: readonly string[], leaseMs: number): Promise<number> {
    return dialClaimRepository.renew(this.store.system, node, numberIds, leaseMs);
  }

  async #budgets(trx: Tx, req: ClaimRequest): Promise<Budgets> {
    const busy = await dialClaimRepository.inProgress(trx, req.team.teamId);
    const sum = (pick: (b: (typeof busy)[number]) => boolean) =>
      busy.filter(pick).reduce((n, b) => n + b.n, 0);
    const accounts = new Map<string, number>();
    for (const d of req.demands) {
      if (d.maxCallCount > 0 && !accounts.has(d.accountId)) {
        accounts.set(d.accountId, d.maxCallCount - sum((b) => b.accountId === d.accountId));
      }
    }
    const lines = new Map<string, number>();
    for (const [lineId, room] of req.lineRoom) {
      lines.set(lineId, Math.min(room.capacity - sum((b) => b.lineId === lineId), room.now));
    }
    return { team: req.team.aiCount - sum(() => true), accounts, lines };
  }

  /** Allocates, claims category by category, and gives the unused share of short tasks to the others. */
  async #take(trx: Tx, req: ClaimRequest, budgets: Budgets) {
    const rows: ClaimedRow[] = [];
    const exhausted = new Set<string>();
    const got = new Map<string, number>();
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const open = req.demands
        .filter((d) => !exhausted.has(d.taskId))
        .map((d) => ({ ...d, want: d.want - (got.get(d.taskId) ?? 0) }));
      const shares = allocate(open, budgets);
      if (shares.size === 0) break;
      const pending = new Map(shares);
      for (const category of CATEGORIES) {
        const wants: ClaimWant[] = [...pending]
          .filter(([taskId, n]) => n > 0 && isDue(req, taskId, category))
          .map(([taskId, n]) => ({ taskId, n, lineId: lineOf(req, taskId) }));
        if (wants.length === 0) continue;
        const claimed = await dialClaimRepository.claim(trx, category, wants, {
          node: req.node,
          now: req.now,
          leaseMs: req.leaseMs,
        });
        for (const r of claimed) {
          pending.set(r.task_id, (pending.get(r.task_id) ?? 0) - 1);
          got.set(r.task_id, (got.get(r.task_id) ?? 0) + 1);
        }
        rows.push(...claimed);
      }
      let returned = false;
      for (const [taskId, short] of pending) {
        if (short <= 0) continue;
        exhausted.add(taskId);
        refund(budgets, req, taskId, short);
        returned = true;
      }
      if (!returned) break;
    }
    return { rows, exhausted };
  }

  /** Dial-time checks: DND list (stop the number) and frequency caps (wait until allowed). */
  async #screen(trx: Tx, req: ClaimRequest, rows: ClaimedRow[]) {
    const teamId = req.team.teamId;
    const phones = [...new Set(rows.map((r) => r.phone))];
    const dnd = await dialClaimRepository.dndPhones(trx, teamId, phones, req.now);
    const stopIds = rows.filter((r) => dnd.has(r.phone)).map((r) => r.id);
    const dndStopped = await dialClaimRepository.stopForDnd(trx, stopIds, req.now);
    if (dndStopped.size > 0) {
      const counters = [...dndStopped].map(([taskId, n]) => ({
        taskId,
        send: 0,
        success: 0,
        fail: 0,
        stops: n,
      }));
      await dialOutcomeRepository.addTaskCounters(trx, counters, req.now);
    }
    let kept = rows.filter((r) => !dnd.has(r.phone));
    const deferrals: { id: string; at: Date }[] = [];
    if (req.team.caps.length > 0 && kept.length > 0) {
      const since = new Date(req.now.getTime() - longestWindowMs(req.team.caps));
      const history = await dialClaimRepository.callHistory(
        trx,
        teamId,
        [...new Set(kept.map((r) => r.phone))],
        since,
        rows.map((r) => r.id),
      );
      // Numbers claimed together count against each other too: the same phone twice in one claim.
      const planned = new Map<string, Date[]>();
      kept = kept.filter((r) => {
        const times = [...(history.get(r.phone) ?? []), ...(planned.get(r.phone) ?? [])];
        const release = frequencyReleaseAt(req.team.caps, times, req.now);
        if (release) {
          deferrals.push({ id: r.id, at: release });
          return false;
        }
        planned.set(r.phone, [...(planned.get(r.phone) ?? []), req.now]);
        return true;
      });
      await dialClaimRepository.defer(trx, deferrals, req.now);
    }
    return { kept, dndStopped, deferred: deferrals.length };
  }
}

function isDue(req: ClaimRequest, taskId: string, category: ClaimCategory): boolean {
  const d = req.demands.find((x) => x.taskId === taskId);
  if (!d || category === 'fresh') return true;
  const at = category === 'recall' ? d.recallDueAt : d.deferredDueAt;
  return at !== undefined && at <= req.now;
}

function lineOf(req: ClaimRequest, taskId: string): string {
  return req.demands.find((d) => d.taskId === taskId)?.lineId ?? '0';
}

function refund(b: Budgets, req: ClaimRequest, taskId: string, n: number): void {
  const d = req.demands.find((x) => x.taskId === taskId);
  if (!d) return;
  b.team += n;
  const account = b.accounts.get(d.accountId);
  if (account !== undefined) b.accounts.set(d.accountId, account + n);
  const line = b.lines.get(d.lineId);
  if (line !== undefined) b.lines.set(d.lineId, line + n);
}

function toClaimed(r: ClaimedRow): ClaimedNumber {
  return {
    id: r.id,
    taskId: r.task_id,
    teamId: r.team_id,
    lineId: r.claim_line_id,
    phone: r.phone,
    columns: r.columns,
    dialSeq: r.dial_seq,
    attemptsBefore: r.attempts,
    claimedAt: r.claimed_at,
  };
}
