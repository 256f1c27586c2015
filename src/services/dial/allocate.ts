// Sharing the calls that may start now between running tasks (compat-notes "Dialer: limits and priority").
// Pure: the claim transaction feeds it the limits and the calls already in progress.

/** A task asking for calls. */
export interface TaskDemand {
  readonly taskId: string;
  readonly accountId: string;
  readonly lineId: string;
  /** Higher first; equal priorities share evenly. */
  readonly priority: number;
  /** Most calls this task can use now (numbers known to be due); Infinity when unknown. */
  readonly want: number;
}

/** What is left of each limit. A missing account or line entry means "no limit of that kind". */
export interface Budgets {
  team: number;
  readonly accounts: Map<string, number>;
  readonly lines: Map<string, number>;
}

/**
 * Gives out calls one at a time: strictly by priority tier, round-robin within a tier (starting with the
 * demand listed first, so the caller can rotate the list for fairness over time), each call taken from the
 * team, the task's account and the task's line. Mutates `budgets` to what is left.
 * @example allocate([{ taskId: '1', accountId: 'a', lineId: 'l', priority: 0, want: 5 }],
 *   { team: 3, accounts: new Map(), lines: new Map([['l', 2]]) }) // Map { '1' => 2 }
 */
export function allocate(demands: readonly TaskDemand[], budgets: Budgets): Map<string, number> {
  const given = new Map<string, number>();
  const tiers = new Map<number, TaskDemand[]>();
  for (const d of demands) {
    const tier = tiers.get(d.priority) ?? [];
    tier.push(d);
    tiers.set(d.priority, tier);
  }
  const order = [...tiers.keys()].sort((a, b) => b - a);
  for (const priority of order) {
    let open = [...(tiers.get(priority) ?? [])];
    while (open.length > 0 && budgets.team > 0) {
      const still: TaskDemand[] = [];
      for (const d of open) {
        const n = given.get(d.taskId) ?? 0;
        if (n >= d.want || !take(budgets, d)) continue;
        given.set(d.taskId, n + 1);
        if (n + 1 < d.want) still.push(d);
        if (budgets.team <= 0) break;
      }
      open = still;
    }
  }
  return given;
}

function take(b: Budgets, d: TaskDemand): boolean {
  const account = b.accounts.get(d.accountId);
  const line = b.lines.get(d.lineId);
  if (b.team <= 0 || (account !== undefined && account <= 0) || (line !== undefined && line <= 0)) {
    return false;
  }
  b.team--;
  if (account !== undefined) b.accounts.set(d.accountId, account - 1);
  if (line !== undefined) b.lines.set(d.lineId, line - 1);
  return true;
}
