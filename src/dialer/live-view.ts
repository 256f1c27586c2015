import { formatDateTime } from '../lib/clock.js';
import type { DialPlan } from '../services/dial/dial-types.js';
import type { LiveSnapshot, LiveTask, LiveTaskState } from '../services/dial/dialer-live.service.js';
import type { LineEntry } from './line-pool.js';
import type { RateWindow } from './rate-window.js';

/** What the dialer knows right now, for the live view. */
export interface LiveFacts {
  readonly node: string;
  readonly now: Date;
  readonly plan: DialPlan;
  readonly lines: readonly LineEntry[];
  readonly taskActive: ReadonlyMap<string, number>;
  readonly taskRate: ReadonlyMap<string, RateWindow>;
  readonly taskState: ReadonlyMap<string, LiveTaskState>;
  readonly queues: ReadonlyMap<string, { waiting: number; recall: number }>;
  readonly nextWindow: ReadonlyMap<string, Date>;
}

/** One snapshot per team with running tasks: calls in progress per task and line, CPS, queue depth. */
export function buildSnapshots(f: LiveFacts): Map<string, LiveSnapshot> {
  const out = new Map<string, LiveSnapshot>();
  for (const team of f.plan.teams) {
    const tasks: LiveTask[] = team.tasks.map((t) => {
      const q = f.queues.get(t.id) ?? { waiting: 0, recall: 0 };
      return {
        dial_task_main_sn: t.sn,
        name: t.name,
        state: t.problem ? 'paused' : (f.taskState.get(t.id) ?? 'waiting'),
        active: f.taskActive.get(t.id) ?? 0,
        cps: f.taskRate.get(t.id)?.count(f.now) ?? 0,
        waiting: q.waiting,
        recall_waiting: q.recall,
        line_id: t.lineId === undefined ? null : Number(t.lineId),
      };
    });
    const lines = f.lines
      .filter((e) => e.info.teamId === team.teamId)
      .map((e) => ({
        line_id: Number(e.info.id),
        name: e.info.name,
        kind: e.info.kind,
        up: e.info.up && e.line.health().up,
        active: e.active,
        capacity: e.info.capacity,
        cps_limit: e.info.cps ?? 0,
        cps: e.rate.count(f.now),
        consecutive_failures: e.faults,
      }));
    const next = f.nextWindow.get(team.teamId);
    out.set(team.teamId, {
      at: formatDateTime(f.now, team.timezone),
      node: f.node,
      ai_count: team.aiCount,
      active: tasks.reduce((n, t) => n + t.active, 0),
      cps: tasks.reduce((n, t) => n + t.cps, 0),
      queued: tasks.reduce((n, t) => n + t.waiting + t.recall_waiting, 0),
      next_window_at: next ? formatDateTime(next, team.timezone) : null,
      tasks,
      lines,
    });
  }
  return out;
}

/** Queue depths are counted in the database at most this often (real time): the view is for people. */
const QUEUE_STATS_MS = 5_000;

/** Publishes the live view after each plan refresh, re-counting queue depths now and then. */
export class LivePublisher {
  #queues = new Map<string, { waiting: number; recall: number }>();
  #countedAt = -Infinity;

  constructor(
    private readonly countQueues: (
      taskIds: readonly string[],
    ) => Promise<ReadonlyMap<string, { waiting: number; recall: number }>>,
    private readonly publish: (snapshots: Map<string, LiveSnapshot>) => void,
    private readonly wallClock: () => number,
  ) {}

  async update(facts: Omit<LiveFacts, 'queues'>): Promise<void> {
    const wall = this.wallClock();
    if (wall - this.#countedAt >= QUEUE_STATS_MS) {
      this.#countedAt = wall;
      this.#queues = new Map(
        await this.countQueues(facts.plan.teams.flatMap((t) => t.tasks.map((x) => x.id))),
      );
    }
    this.publish(buildSnapshots({ ...facts, queues: this.#queues }));
  }
}
