import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../lib/logger.js';
import { systemTimers, type CancelTimer, type Timers } from '../lib/virtual-clock.js';
import { isCallingAllowed, localDate } from '../services/calling-hours/windows.js';
import { nextCallingStart } from '../services/dial/calling-window.js';
import type { ClaimDemand, ClaimService } from '../services/dial/claim.service.js';
import { PauseReason, type DialPlanService } from '../services/dial/dial-plan.service.js';
import type {
  ClaimedNumber,
  DialOutcome,
  DialPlan,
  TaskPlan,
  TeamPlan,
} from '../services/dial/dial-types.js';
import {
  emptySnapshot,
  type DialerLiveService,
  type LiveTaskState,
} from '../services/dial/dialer-live.service.js';
import type { HangupService } from '../services/dial/hangup.service.js';
import type { RecoveryService } from '../services/dial/recovery.service.js';
import type { TaskControl } from '../services/dial/task-control.js';
import { CALL_RESULTS } from '../telephony/call-result.js';
import { runCall, type RunningCall } from './call-runner.js';
import { LinePool, type LineEntry, type LineFactory } from './line-pool.js';
import { buildSnapshots } from './live-view.js';
import { OutcomeQueue } from './outcome-queue.js';
import { RateWindow } from './rate-window.js';
import { ScriptCache } from './script-cache.js';

export interface DialerDeps {
  readonly plans: DialPlanService;
  readonly claims: ClaimService;
  readonly hangups: HangupService;
  readonly recovery: RecoveryService;
  readonly tasks: TaskControl;
  readonly live: DialerLiveService;
  readonly lines: LineFactory;
  /** Business time: pacing, calling hours, redial times, the calls themselves (virtual in tests). */
  readonly timers: Timers;
  /** Real time for leases, heartbeats, recovery and retries (leases are in database time). */
  readonly realTimers?: Timers;
  readonly log: Logger;
}

export interface DialerOptions {
  /** This process's claim owner id (default host:pid:random). */
  readonly node?: string;
  /** Pacing period: calls are claimed and placed once per tick. */
  readonly tickMs?: number;
  /** How often running tasks, lines and limits are re-read. */
  readonly refreshMs?: number;
  /** Re-read period while no team may call (outside calling hours). */
  readonly idleRefreshMs?: number;
  readonly leaseMs?: number;
  readonly heartbeatMs?: number;
  readonly recoveryMs?: number;
  /** Line faults in a row that pause the tasks on a line. */
  readonly lineFaultLimit?: number;
  readonly ringTimeoutMs?: number;
  readonly maxTalkMs?: number;
  readonly maxBatch?: number;
  /** Most numbers claimed per line per tick. */
  readonly maxClaimPerTick?: number;
  /** Called synchronously right before each originate (origination logs, tests). */
  readonly onOriginate?: (n: ClaimedNumber) => void;
}

const DEFAULTS = {
  tickMs: 200,
  refreshMs: 1_000,
  idleRefreshMs: 5_000,
  leaseMs: 60_000,
  heartbeatMs: 15_000,
  recoveryMs: 30_000,
  lineFaultLimit: 5,
  ringTimeoutMs: 60_000,
  maxTalkMs: 30 * 60_000,
  maxBatch: 500,
  maxClaimPerTick: 1_000,
};

/**
 * The dialer role: a pacing loop on injected timers that, each tick, for every team inside its calling hours,
 * claims the numbers its limits allow (claim.service.ts), places the calls, runs the robot on them and hands
 * each finished attempt to the hang-up transaction (group commit). Loops never die: each error is logged and
 * the next tick comes. See docs/architecture.md "Dialer".
 */
export class Dialer {
  readonly node: string;
  readonly #d: DialerDeps;
  readonly #o: Required<Omit<DialerOptions, 'node' | 'onOriginate'>> & Pick<DialerOptions, 'onOriginate'>;
  readonly #real: Timers;
  readonly #pool: LinePool;
  readonly #scripts: ScriptCache;
  readonly #queue: OutcomeQueue;
  #plan: DialPlan | undefined;
  #refreshedAt = -Infinity;
  #lastTickAt: number | undefined;
  #running = false;
  #timer: CancelTimer | undefined;
  #tick: Promise<void> | undefined;
  #background = new Set<Promise<unknown>>();
  #realTimers: CancelTimer[] = [];
  #calls = new Map<string, RunningCall>();
  /** Claims not yet written by the hang-up transaction (their leases are renewed). */
  #claims = new Map<string, ClaimedNumber>();
  #exhausted = new Set<string>();
  #finishCandidates = new Set<string>();
  #paused = new Set<string>();
  #teamActive = new Map<string, number>();
  #taskActive = new Map<string, number>();
  #taskRate = new Map<string, RateWindow>();
  #taskState = new Map<string, LiveTaskState>();
  #nextWindow = new Map<string, Date>();
  #rotation = 0;
  #queues = new Map<string, { waiting: number; recall: number }>();
  #queuesAt = -Infinity;
  /** Counters for tests, the bench and metrics. */
  readonly stats = { originated: 0, finished: 0, claimTransactions: 0, recovered: 0, pausedTasks: 0 };

  constructor(deps: DialerDeps, options: DialerOptions = {}) {
    this.#d = deps;
    this.#o = { ...DEFAULTS, ...options };
    this.#real = deps.realTimers ?? systemTimers;
    this.node = options.node ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#pool = new LinePool(deps.lines);
    this.#scripts = new ScriptCache((id) => deps.plans.scriptDefinition(id));
    this.#queue = new OutcomeQueue(
      (batch) => deps.hangups.record(batch, deps.timers.now()),
      (batch, report) => {
        for (const o of batch) this.#claims.delete(o.number.id);
        for (const t of report?.finished ?? []) deps.log.info({ task: t.sn }, 'task finished');
      },
      this.#real,
      deps.log,
      { maxBatch: this.#o.maxBatch, retryMs: 500, maxFailures: 5 },
    );
  }

  /** Calls in progress in this process. */
  get activeCalls(): number {
    return this.#calls.size;
  }

  /** Starts the loop (idempotent): recovers expired claims first, then paces. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#track(this.#recover());
    this.#every(this.#o.heartbeatMs, () => this.#renewLeases());
    this.#every(this.#o.recoveryMs, () => this.#recover());
    this.#schedule(0);
  }

  /**
   * Stops claiming (idempotent), hangs up the calls in progress and writes their outcomes, waiting at most
   * `graceMs` of real time; attempts left unfinished are recovered later as "outcome unknown".
   */
  async stop(graceMs = 3_000): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#timer?.();
    for (const cancel of this.#realTimers) cancel();
    this.#realTimers = [];
    await this.#tick;
    const ending = [...this.#calls.values()].map((c) => c.outcome);
    for (const c of this.#calls.values()) void c.channel.hangup();
    await this.#within(
      graceMs,
      Promise.all(ending).then(() => this.quiesce()),
    );
  }

  /** Resolves when no tick, write or background step is running (tests and the bench step the clock with it). */
  async quiesce(): Promise<void> {
    for (;;) {
      const busy = [this.#tick, ...this.#background].filter(Boolean);
      if (busy.length === 0 && this.#queue.pending === 0) {
        await this.#queue.idle();
        if (this.#background.size === 0 && !this.#tick) return;
        continue;
      }
      await Promise.allSettled(busy);
      await this.#queue.idle();
    }
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    this.#timer = this.#d.timers.setTimer(delay, () => {
      this.#timer = undefined;
      const run = this.#runTick().then(
        (next) => next,
        (err: unknown) => {
          this.#d.log.error({ err }, 'dialer tick failed');
          return this.#o.refreshMs;
        },
      );
      this.#tick = run.then((next) => {
        this.#tick = undefined;
        this.#schedule(next);
      });
    });
  }

  /** One pacing step; returns the delay until the next one. */
  async #runTick(): Promise<number> {
    const now = this.#d.timers.now();
    const jumped =
      this.#lastTickAt !== undefined && now.getTime() - this.#lastTickAt > 10 * this.#o.refreshMs;
    if (jumped)
      this.#d.log.warn({ from: this.#lastTickAt, to: now.getTime() }, 'clock jumped; re-reading the plan');
    this.#lastTickAt = now.getTime();
    if (!this.#plan || jumped || now.getTime() - this.#refreshedAt >= this.#o.refreshMs)
      await this.#refresh(now);
    const plan = this.#plan as DialPlan;
    let allowed = 0;
    let wake = Infinity;
    for (const team of plan.teams) {
      const today = localDate(now, team.timezone);
      if (isCallingAllowed(team.rules, now, team.timezone, team.dayKindOf(today))) {
        allowed++;
        this.#nextWindow.delete(team.teamId);
        await this.#dialTeam(team, now);
        continue;
      }
      for (const t of team.tasks) this.#taskState.set(t.id, 'outsideHours');
      const next = nextCallingStart(team.rules, now, team.timezone, team.dayKindOf);
      if (next) {
        this.#nextWindow.set(team.teamId, next);
        wake = Math.min(wake, next.getTime() - now.getTime());
      }
    }
    if (plan.teams.length === 0) return this.#o.refreshMs;
    if (allowed === 0) return Math.max(this.#o.tickMs, Math.min(wake, this.#o.idleRefreshMs));
    return this.#o.tickMs;
  }

  async #refresh(now: Date): Promise<void> {
    this.#refreshedAt = now.getTime();
    const plan = await this.#d.plans.load(now);
    this.#exhausted.clear();
    this.#paused.clear();
    const idle = [...this.#finishCandidates].filter((id) => !this.#taskActive.get(id));
    this.#finishCandidates.clear();
    if (idle.length > 0) {
      for (const t of await this.#d.tasks.finishIfDone(idle))
        this.#d.log.info({ task: t.sn }, 'task finished');
    }
    for (const team of plan.teams) {
      for (const task of team.tasks) await this.#check(task, plan);
    }
    this.#plan = plan;
    await this.#publish(now);
  }

  /** Pauses a task that cannot run (script, line), with the reason operators will see. */
  async #check(task: TaskPlan, plan: DialPlan): Promise<void> {
    let problem = task.problem;
    if (!problem) {
      const script = await this.#scripts.get(task.scriptId, task.scriptVersion);
      if (!script.ok) problem = PauseReason.scriptInvalid(script.why);
    }
    const info = task.lineId === undefined ? undefined : plan.lines.get(task.lineId);
    if (!problem && info) {
      try {
        const entry = this.#pool.entry(info);
        if (!entry.line.health().up) problem = PauseReason.lineDown(info.name, '线路不可用');
      } catch (err) {
        problem = PauseReason.lineDown(info.name, err instanceof Error ? err.message : '线路配置错误');
      }
    }
    if (problem) await this.#pause(task.id, problem);
  }

  async #pause(taskId: string, reason: string): Promise<void> {
    if (this.#paused.has(taskId)) return;
    this.#paused.add(taskId);
    this.#taskState.set(taskId, 'paused');
    if (await this.#d.tasks.pauseWithReason(taskId, reason)) {
      this.stats.pausedTasks++;
      this.#d.log.warn({ taskId, reason }, 'task paused by the dialer');
    }
  }

  async #dialTeam(team: TeamPlan, now: Date): Promise<void> {
    if ((this.#teamActive.get(team.teamId) ?? 0) >= team.aiCount) {
      for (const t of team.tasks) if (!this.#paused.has(t.id)) this.#taskState.set(t.id, 'limited');
      return;
    }
    const demands: ClaimDemand[] = [];
    const lineRoom = new Map<string, { capacity: number; now: number }>();
    for (const task of team.tasks) {
      const entry = this.#eligible(task, now);
      if (!entry) continue;
      const room = Math.min(
        entry.rate.available(now),
        entry.info.capacity - entry.active,
        this.#o.maxClaimPerTick,
      );
      if (room <= 0) {
        this.#taskState.set(task.id, 'limited');
        continue;
      }
      lineRoom.set(entry.info.id, { capacity: entry.info.capacity, now: room });
      demands.push({ ...task, taskId: task.id, lineId: entry.info.id, want: Infinity });
    }
    if (demands.length === 0) return;
    const shift = this.#rotation++ % demands.length;
    const ordered = [...demands.slice(shift), ...demands.slice(0, shift)];
    this.stats.claimTransactions++;
    const result = await this.#d.claims.claim({
      team,
      demands: ordered,
      lineRoom,
      node: this.node,
      now,
      leaseMs: this.#o.leaseMs,
    });
    for (const id of result.exhausted) {
      this.#exhausted.add(id);
      this.#finishCandidates.add(id);
    }
    for (const d of demands)
      this.#taskState.set(d.taskId, result.exhausted.has(d.taskId) ? 'waiting' : 'limited');
    for (const n of result.claimed) this.#originate(n, team, now);
  }

  /** The line entry a task dials on now, or undefined (and the task's live state) when it cannot dial. */
  #eligible(task: TaskPlan, now: Date): LineEntry | undefined {
    if (task.problem || this.#paused.has(task.id)) return undefined;
    if (task.timedStartedAt && task.timedStartedAt > now) {
      this.#taskState.set(task.id, 'scheduled');
      return undefined;
    }
    if (this.#exhausted.has(task.id)) {
      this.#taskState.set(task.id, 'waiting');
      return undefined;
    }
    return task.lineId === undefined ? undefined : this.#pool.get(task.lineId);
  }

  #originate(n: ClaimedNumber, team: TeamPlan, now: Date): void {
    const task = team.tasks.find((t) => t.id === n.taskId) as TaskPlan;
    const entry = this.#pool.get(n.lineId) as LineEntry;
    const script = this.#scripts.peek(task.scriptId);
    this.#claims.set(n.id, n);
    this.#taskState.set(task.id, 'dialing');
    if (!script) {
      // The script became unusable between the check and the claim: give the number back untouched.
      this.#queue.push({
        number: n,
        result: 'cancelled',
        startedAt: now,
        answeredAt: undefined,
        endedAt: now,
        talkMs: 0,
        hangupBy: undefined,
        conversation: undefined,
      });
      return;
    }
    this.#o.onOriginate?.(n);
    // The instant the line sees (the claim transaction took time since the tick began).
    const at = this.#d.timers.now();
    entry.rate.record(at);
    this.#rateOf(task.id).record(at);
    entry.active++;
    bump(this.#teamActive, team.teamId, 1);
    bump(this.#taskActive, task.id, 1);
    this.stats.originated++;
    const call = runCall({
      number: n,
      taskSn: task.sn,
      entry,
      script,
      timers: this.#d.timers,
      ringTimeoutMs: this.#o.ringTimeoutMs,
      maxTalkMs: this.#o.maxTalkMs,
      log: this.#d.log,
    });
    this.#calls.set(n.id, call);
    void call.outcome.then((o) => this.#ended(o, entry, team.teamId));
  }

  #ended(o: DialOutcome, entry: LineEntry, teamId: string): void {
    this.#calls.delete(o.number.id);
    entry.active--;
    bump(this.#teamActive, teamId, -1);
    bump(this.#taskActive, o.number.taskId, -1);
    this.stats.finished++;
    if (o.result === 'lineDown' || o.result === 'lineError') {
      entry.faults++;
      entry.lastFault = o.result;
      if (entry.faults >= this.#o.lineFaultLimit) this.#track(this.#lineFailing(entry));
    } else if (o.result !== 'unknown' && CALL_RESULTS[o.result].family !== 'local') {
      entry.faults = 0;
    }
    this.#queue.push(o);
  }

  /** A line that keeps failing pauses its tasks instead of burning their lists. */
  async #lineFailing(entry: LineEntry): Promise<void> {
    const n = entry.faults;
    entry.faults = 0;
    const cause = entry.lastFault ? CALL_RESULTS[entry.lastFault].alias : 'line fault';
    const reason = PauseReason.lineFailing(entry.info.name, n, cause);
    for (const team of this.#plan?.teams ?? []) {
      for (const t of team.tasks) if (t.lineId === entry.info.id) await this.#pause(t.id, reason);
    }
  }

  async #publish(now: Date): Promise<void> {
    const plan = this.#plan as DialPlan;
    const wall = this.#real.now().getTime();
    if (wall - this.#queuesAt >= 5_000) {
      this.#queuesAt = wall;
      const stats = await this.#d.plans.queues(plan.teams.flatMap((t) => t.tasks.map((x) => x.id)));
      this.#queues = new Map([...stats].map(([id, q]) => [id, { waiting: q.waiting, recall: q.recall }]));
    }
    const snapshots = buildSnapshots({
      node: this.node,
      now,
      plan,
      lines: this.#pool.all(),
      taskActive: this.#taskActive,
      taskRate: this.#taskRate,
      taskState: this.#taskState,
      queues: this.#queues,
      nextWindow: this.#nextWindow,
    });
    this.#d.live.publish(snapshots, () => emptySnapshot('', this.node));
  }

  async #renewLeases(): Promise<void> {
    await this.#d.claims.renew(this.node, [...this.#claims.keys()], this.#o.leaseMs);
  }

  async #recover(): Promise<void> {
    const n = await this.#d.recovery.recoverExpired(this.#d.timers.now());
    if (n > 0) {
      this.stats.recovered += n;
      this.#d.log.warn({ recovered: n }, 'expired claims recorded as dialed, outcome unknown');
    }
  }

  #rateOf(taskId: string): RateWindow {
    let r = this.#taskRate.get(taskId);
    if (!r) this.#taskRate.set(taskId, (r = new RateWindow(undefined)));
    return r;
  }

  /** Runs `fn` every `ms` of real time while running; errors are logged, the loop goes on. */
  #every(ms: number, fn: () => Promise<void>): void {
    const arm = (): void => {
      const cancel = this.#real.setTimer(ms, () => {
        this.#realTimers = this.#realTimers.filter((c) => c !== cancel);
        if (!this.#running) return;
        this.#track(fn().finally(arm));
      });
      this.#realTimers.push(cancel);
    };
    arm();
  }

  #track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.#d.log.error({ err }, 'dialer background step failed'));
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  async #within(ms: number, p: Promise<unknown>): Promise<void> {
    let cancel: CancelTimer | undefined;
    await Promise.race([p, new Promise<void>((resolve) => (cancel = this.#real.setTimer(ms, resolve)))]);
    cancel?.();
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
