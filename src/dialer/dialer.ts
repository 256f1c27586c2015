import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { systemTimers, type CancelTimer } from '../lib/virtual-clock.js';
import { isCallingAllowed, localDate } from '../services/calling-hours/windows.js';
import { recordingFileName } from '../services/call-record/recording-name.js';
import { nextCallingStart } from '../services/dial/calling-window.js';
import type { ClaimDemand } from '../services/dial/claim.service.js';
import type {
  ClaimedNumber,
  DialOutcome,
  DialPlan,
  TaskPlan,
  TeamPlan,
} from '../services/dial/dial-types.js';
import { emptySnapshot, type LiveTaskState } from '../services/dial/dialer-live.service.js';
import { CALL_RESULTS } from '../telephony/call-result.js';
import { BackgroundWork } from './background.js';
import { runCall, type RunningCall } from './call-runner.js';
import { LinePool, type LineEntry } from './line-pool.js';
import { LivePublisher } from './live-view.js';
import { OutcomeQueue } from './outcome-queue.js';
import { RateWindow } from './rate-window.js';
import { ScriptCache } from './script-cache.js';
import { TaskGuard } from './task-guard.js';
import { DIALER_DEFAULTS, type DialerDeps, type DialerOptions } from './dialer-config.js';

export type { DialerDeps, DialerOptions } from './dialer-config.js';

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
  readonly #pool: LinePool;
  readonly #scripts: ScriptCache;
  readonly #queue: OutcomeQueue;
  readonly #work: BackgroundWork;
  readonly #guard: TaskGuard;
  readonly #live: LivePublisher;
  #plan: DialPlan | undefined;
  #refreshedAt = -Infinity;
  #lastTickAt: number | undefined;
  #lastDelay = 0;
  #running = false;
  #timer: CancelTimer | undefined;
  #tick: Promise<void> | undefined;
  #calls = new Map<string, RunningCall>();
  /** Claims not yet written by the hang-up transaction (their leases are renewed). */
  #claims = new Map<string, ClaimedNumber>();
  /** Tasks with nothing due now (until the next plan refresh). */
  #exhausted = new Set<string>();
  #finishCandidates = new Set<string>();
  #teamActive = new Map<string, number>();
  #taskActive = new Map<string, number>();
  #taskRate = new Map<string, RateWindow>();
  #taskState = new Map<string, LiveTaskState>();
  #nextWindow = new Map<string, Date>();
  #rotation = 0;
  /** Counters for tests, the bench and metrics. */
  readonly stats = { originated: 0, finished: 0, claimTransactions: 0, recovered: 0 };

  constructor(deps: DialerDeps, options: DialerOptions = {}) {
    this.#d = deps;
    this.#o = { ...DIALER_DEFAULTS, ...options };
    const real = deps.realTimers ?? systemTimers;
    this.node = options.node ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#pool = new LinePool(deps.lines);
    this.#scripts = new ScriptCache((id) => deps.plans.scriptDefinition(id));
    this.#work = new BackgroundWork(real, deps.log);
    this.#guard = new TaskGuard(deps.tasks, this.#scripts, this.#pool, deps.log);
    this.#live = new LivePublisher(
      (ids) => deps.plans.queues(ids),
      (snapshots) => deps.live.publish(snapshots, () => emptySnapshot('', this.node)),
      () => real.now().getTime(),
    );
    this.#queue = new OutcomeQueue(
      (batch) => deps.hangups.record(batch, deps.timers.now()),
      (batch) => {
        for (const o of batch) this.#claims.delete(o.number.id);
      },
      real,
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
    this.#work.track(this.#recover());
    this.#work.every(this.#o.heartbeatMs, () => this.#renewLeases());
    this.#work.every(this.#o.recoveryMs, () => this.#recover());
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
    this.#work.cancelAll();
    await this.#tick;
    const ending = [...this.#calls.values()].map((c) => c.outcome);
    for (const c of this.#calls.values()) void c.channel.hangup();
    await this.#work.within(
      graceMs,
      Promise.all(ending).then(() => this.quiesce()),
    );
    // SIP endpoints and their keep-alives; a restart builds the lines again. Bounded like the calls: a line on a
    // virtual clock ends its channels only as the clock advances.
    await this.#work.within(graceMs, this.#pool.close());
  }

  /** Resolves when no tick, write or background step is running (tests and the bench step the clock with it). */
  async quiesce(): Promise<void> {
    while (this.#tick || this.#work.busy || this.#queue.pending > 0) {
      await this.#tick;
      await this.#work.settled();
      await this.#queue.idle();
    }
    await this.#queue.idle();
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    this.#timer = this.#d.timers.setTimer(delay, () => {
      this.#timer = undefined;
      const run = this.#runTick().catch((err: unknown) => {
        this.#d.log.error({ err }, 'dialer tick failed');
        return this.#o.refreshMs;
      });
      this.#tick = run.then((next) => {
        this.#tick = undefined;
        this.#lastDelay = next;
        this.#schedule(next);
      });
    });
  }

  /** One pacing step; returns the delay until the next one. */
  async #runTick(): Promise<number> {
    const now = this.#d.timers.now();
    const last = this.#lastTickAt;
    // Later than planned by far more than a refresh period: the clock was set forward (or the process stalled).
    const jumped = last !== undefined && now.getTime() - last > this.#lastDelay + 10 * this.#o.refreshMs;
    if (jumped) this.#d.log.warn({ from: last, to: now.getTime() }, 'clock jumped; re-reading the plan');
    this.#lastTickAt = now.getTime();
    if (!this.#plan || jumped || now.getTime() - this.#refreshedAt >= this.#o.refreshMs) {
      await this.#refresh(now);
    }
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

  /** Re-reads the plan, finishes tasks left with nothing, pauses tasks that cannot run, publishes the view. */
  async #refresh(now: Date): Promise<void> {
    this.#refreshedAt = now.getTime();
    await this.#guard.resumeRecovered(this.#plan); // before the plan is read, so a resumed task is in it
    const plan = await this.#d.plans.load(now);
    this.#exhausted.clear();
    this.#guard.reset();
    const idle = [...this.#finishCandidates].filter((id) => !this.#taskActive.get(id));
    this.#finishCandidates.clear();
    if (idle.length > 0) {
      for (const t of await this.#d.tasks.finishIdle(idle)) {
        this.#d.log.info({ task: t.sn }, 'task finished');
      }
    }
    for (const team of plan.teams) {
      for (const task of team.tasks) await this.#guard.check(task, plan);
    }
    this.#plan = plan;
    await this.#live.update({
      node: this.node,
      now,
      plan,
      lines: this.#pool.all(),
      taskActive: this.#taskActive,
      taskRate: this.#taskRate,
      taskState: this.#taskState,
      nextWindow: this.#nextWindow,
    });
  }

  /** Claims what the team's limits allow now and places the calls. */
  async #dialTeam(team: TeamPlan, now: Date): Promise<void> {
    if ((this.#teamActive.get(team.teamId) ?? 0) >= team.aiCount) {
      for (const t of team.tasks) if (!this.#guard.paused.has(t.id)) this.#taskState.set(t.id, 'limited');
      return;
    }
    const demands: ClaimDemand[] = [];
    const lineRoom = new Map<string, { capacity: number; now: number }>();
    for (const task of team.tasks) {
      const entry = this.#eligible(task, now);
      if (!entry) continue;
      const { rate, info } = entry;
      const room = Math.min(rate.available(now), info.capacity - entry.active, this.#o.maxClaimPerTick);
      if (room <= 0) {
        this.#taskState.set(task.id, 'limited');
        continue;
      }
      lineRoom.set(info.id, { capacity: info.capacity, now: room });
      demands.push({ ...task, taskId: task.id, lineId: info.id, want: Infinity });
    }
    if (demands.length === 0) return;
    const shift = this.#rotation++ % demands.length;
    this.stats.claimTransactions++;
    const result = await this.#d.claims.claim({
      team,
      demands: [...demands.slice(shift), ...demands.slice(0, shift)],
      lineRoom,
      node: this.node,
      now,
      leaseMs: this.#o.leaseMs,
    });
    for (const id of result.exhausted) {
      this.#exhausted.add(id);
      this.#finishCandidates.add(id);
    }
    for (const d of demands) {
      this.#taskState.set(d.taskId, result.exhausted.has(d.taskId) ? 'waiting' : 'limited');
    }
    for (const n of result.claimed) this.#originate(n, team, now);
  }

  /** The line entry a task dials on now, or undefined (and the task's live state) when it cannot dial. */
  #eligible(task: TaskPlan, now: Date): LineEntry | undefined {
    let state: LiveTaskState | undefined;
    if (task.problem || this.#guard.paused.has(task.id)) state = 'paused';
    else if (task.timedStartedAt && task.timedStartedAt > now) state = 'scheduled';
    else if (this.#exhausted.has(task.id)) state = 'waiting';
    if (state) {
      this.#taskState.set(task.id, state);
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
    if (!script || this.#guard.paused.has(task.id)) {
      // Paused, or the script became unusable, while the number was being claimed: it goes back, not dialed.
      const end = { startedAt: now, answeredAt: undefined, endedAt: now, talkMs: 0 };
      this.#queue.push({
        number: n,
        result: 'cancelled',
        ...end,
        hangupBy: undefined,
        conversation: undefined,
      });
      return;
    }
    // The instant the line sees (the claim transaction took time since the tick began).
    const at = this.#d.timers.now();
    if (!isCallingAllowed(team.rules, at, team.timezone, team.dayKindOf(localDate(at, team.timezone)))) {
      // The window closed while the number was being claimed: it goes back, not dialed, not counted.
      const end = { startedAt: at, answeredAt: undefined, endedAt: at, talkMs: 0 };
      this.#queue.push({
        number: n,
        result: 'cancelled',
        ...end,
        hangupBy: undefined,
        conversation: undefined,
      });
      return;
    }
    this.#o.onOriginate?.(n);
    entry.rate.record(at);
    this.#rateOf(task.id).record(at);
    entry.active++;
    bump(this.#teamActive, team.teamId, 1);
    bump(this.#taskActive, task.id, 1);
    this.stats.originated++;
    const call = runCall({
      number: n,
      taskSn: task.sn,
      ...(this.#d.recordingsDir && { record: recordingTarget(this.#d.recordingsDir, n, task, team, at) }),
      entry,
      script,
      timers: this.#d.timers,
      ringTimeoutMs: this.#o.ringTimeoutMs,
      maxTalkMs: this.#o.maxTalkMs,
      log: this.#d.log,
      ...(this.#d.replyClassifier ? { replyClassifier: this.#d.replyClassifier } : {}),
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
      if (entry.faults >= this.#o.lineFaultLimit) {
        this.#work.track(this.#guard.lineFailing(entry, this.#plan));
      }
    } else if (o.result !== 'unknown' && CALL_RESULTS[o.result].family !== 'local') {
      entry.faults = 0;
    }
    this.#queue.push(o);
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
}

/** Where the call's recording goes: `<recordings>/<team id>/<name>`, `rel` being what the record stores. */
function recordingTarget(dir: string, n: ClaimedNumber, task: TaskPlan, team: TeamPlan, at: Date) {
  const rel = recordingFileName({
    at,
    timeZone: team.timezone,
    parentName: task.parentName,
    userName: task.ownerName,
    callUuid: randomUUID(),
    phone: n.phone,
  });
  return { file: path.join(dir, n.teamId, rel), rel };
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
