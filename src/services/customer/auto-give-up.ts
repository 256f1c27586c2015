// Automatic give-up (自动放弃): a private customer with automatic give-up on (`auto_ignore` = 1) and no follow-up
// for the team's `auto_give_up_days` returns to the public pool, audited as the platform's move. Time comes from
// the injected Clock; a loop in the `jobs` role runs a pass every few minutes.
import type { Clock } from '../../lib/clock.js';
import { customerRepository } from '../../repositories/customer.repository.js';
import type { Store } from '../../repositories/store.js';

const DAY_MS = 86_400_000;
/** Customers moved per transaction (a team with a large backlog is worked through in several). */
const BATCH = 1000;

export class AutoGiveUp {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** One pass over every team with the rule on; returns how many customers went back to the public pool. */
  async runDue(): Promise<number> {
    const now = this.clock.now();
    const teams = await this.store.system
      .selectFrom('customer_pool_settings')
      .select(['team_id', 'auto_give_up_days'])
      .where('auto_give_up_days', '>', 0)
      .execute();
    let total = 0;
    for (const t of teams) {
      const before = new Date(now.getTime() - t.auto_give_up_days * DAY_MS);
      for (;;) {
        const n = await this.store.tenant(t.team_id, async (trx) => {
          const due = await customerRepository.giveUpDue(trx, t.team_id, before, BATCH);
          const from = new Map(due.map((c) => [c.id, c.owner_id]));
          const moved = await customerRepository.moveOwner(
            trx,
            due.map((c) => c.id),
            'any-private',
            null,
            now,
          );
          await customerRepository.recordMoves(
            trx,
            moved.map((c) => ({
              customer_id: c.id,
              phone: c.phone,
              action: 'auto_give_up' as const,
              from_owner_id: from.get(c.id) ?? null,
              to_owner_id: null,
              actor_id: null,
              detail: `${t.auto_give_up_days}天未跟进`,
              created_at: now,
            })),
          );
          return moved.length;
        });
        total += n;
        if (n < BATCH) break;
      }
    }
    return total;
  }
}
