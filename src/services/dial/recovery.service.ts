import { dialClaimRepository } from '../../repositories/dial-claim.repository.js';
import type { Store } from '../../repositories/store.js';
import type { ClaimedNumber, DialOutcome } from './dial-types.js';
import type { HangupService } from './hangup.service.js';

/** Expired claims looked at per recovery round. */
const BATCH = 500;

/**
 * Finishes attempts whose dialer died: a claim still in status 1 after its lease ran out (database time) may
 * have been dialed, and nobody knows how it went. It is recorded as such ("outcome unknown", end reason
 * 其他) through the hang-up transaction, counts as an attempt, and is never offered again as if it were new.
 */
export class RecoveryService {
  constructor(
    private readonly store: Store,
    private readonly hangups: HangupService,
  ) {}

  /** Recovers every expired claim; returns how many attempts were recorded as unknown. */
  async recoverExpired(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await dialClaimRepository.expired(this.store.system, BATCH);
      if (expired.length === 0) return total;
      const byTeam = new Map<string, string[]>();
      for (const e of expired) byTeam.set(e.team_id, [...(byTeam.get(e.team_id) ?? []), e.id]);
      let round = 0;
      for (const [teamId, ids] of byTeam) {
        round += await this.store.tenant(teamId, async (trx) => {
          const rows = await dialClaimRepository.lockExpired(trx, ids);
          const outcomes = rows.map((r): DialOutcome => {
            const number: ClaimedNumber = {
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
            const startedAt = r.claimed_at ?? now;
            return {
              number,
              result: 'unknown',
              startedAt,
              answeredAt: undefined,
              endedAt: startedAt,
              talkMs: 0,
              hangupBy: 'system',
              conversation: undefined,
            };
          });
          const report = await this.hangups.recordInTx(trx, teamId, outcomes, now);
          return report.applied;
        });
      }
      total += round;
      // Every row was locked by another recoverer: let it finish rather than spin on the same rows.
      if (round === 0 || expired.length < BATCH) return total;
    }
  }
}
