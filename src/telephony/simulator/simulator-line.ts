import type { Timers } from '../../lib/virtual-clock.js';
import {
  DEFAULT_RING_TIMEOUT_MS,
  type CallChannel,
  type Line,
  type LineHealth,
  type OriginateRequest,
} from '../call-channel.js';
import type { FailureCause } from '../call-result.js';
import { LineFaultStreak } from '../line-fault-streak.js';
import { planCall } from './call-plan.js';
import { SimulatorChannel } from './simulator-channel.js';
import {
  parseSimulatorLineConfig,
  type SimulatorLineConfig,
  type SimulatorLineConfigInput,
} from './simulator-config.js';

/** Numbers whose redial count is remembered; the oldest are forgotten beyond this (bounded memory). */
const MAX_REMEMBERED_NUMBERS = 200_000;
const CPS_WINDOW_MS = 1_000;

/** What a simulator line is built from. */
export interface SimulatorLineOptions {
  /** The line's id (its DB row), prefix of its channel ids. */
  id: string;
  /** Stored JSON (validated here, defaults filled) or an already parsed config. */
  config?: SimulatorLineConfigInput | SimulatorLineConfig;
  /** A `VirtualClock` for tests, rehearsals and compressed demos; `systemTimers` for real-time calls. */
  timers: Timers;
}

/**
 * The built-in carrier: a {@link Line} whose calls are decided by its config and seed instead of a network.
 * Same seed + same config + same originates → the same calls, event for event, on a virtual clock.
 * @example
 * const line = new SimulatorLine({ id: 'sandbox', config: {}, timers: new VirtualClock(Date.now()) });
 * const call = line.originate({ callee: '13800138000' });
 */
export class SimulatorLine implements Line {
  readonly id: string;
  readonly kind = 'simulator';
  readonly config: SimulatorLineConfig;
  readonly #timers: Timers;
  #seq = 0;
  #closed = false;
  #down: boolean;
  #failureRate: number;
  #channels = new Set<SimulatorChannel>();
  #attempts = new Map<string, number>();
  #recentOriginates: number[] = [];
  readonly #faults = new LineFaultStreak();

  constructor(options: SimulatorLineOptions) {
    this.id = options.id;
    this.config = parseSimulatorLineConfig(options.config ?? {});
    this.#timers = options.timers;
    this.#down = this.config.down;
    this.#failureRate = this.config.failureRate;
  }

  get capacity(): number {
    return this.config.capacity;
  }

  get active(): number {
    return this.#channels.size;
  }

  health(): LineHealth {
    return { up: !this.#down && !this.#closed, ...this.#faults.state };
  }

  /** Takes the line down (every originate fails at once with `lineDown`) or brings it back, at run time. */
  setDown(down: boolean): void {
    this.#down = down;
  }

  /** Changes the share of calls failing with `lineError`, at run time (a flaky-trunk drill). */
  setFailureRate(rate: number): void {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`failure rate must be within [0, 1], got ${rate}`);
    this.#failureRate = rate;
  }

  originate(request: OriginateRequest): CallChannel {
    const id = `${this.id}:${++this.#seq}`;
    const base = {
      id,
      lineId: this.id,
      callee: request.callee,
      caller: request.caller ?? this.config.caller,
      variables: request.variables ?? {},
      timers: this.#timers,
      config: this.config,
      timeoutMs: request.timeoutMs ?? DEFAULT_RING_TIMEOUT_MS,
    };
    const refusal = this.#refusal();
    if (refusal) {
      return new SimulatorChannel({
        ...base,
        plan: { refuse: refusal },
        onEnd: (end) => this.#faults.record(end),
      });
    }
    if (this.config.cps !== undefined) this.#recentOriginates.push(this.#timers.now().getTime());
    const attempt = this.#nextAttempt(request.callee);
    const plan = planCall(
      this.#failureRate === this.config.failureRate
        ? this.config
        : { ...this.config, failureRate: this.#failureRate },
      request.callee,
      attempt,
      base.variables,
    );
    const channel: SimulatorChannel = new SimulatorChannel({
      ...base,
      plan,
      onEnd: (end) => {
        this.#channels.delete(channel);
        this.#faults.record(end);
      },
    });
    this.#channels.add(channel);
    return channel;
  }

  /**
   * Refuses new calls and hangs up the active ones. On a virtual clock the returned promise settles only as
   * the clock is advanced (the channels end on its timers like any other event).
   */
  async close(): Promise<void> {
    this.#closed = true;
    const ending = [...this.#channels].map((c) => c.hangup());
    await Promise.all(ending);
  }

  /** Why a new originate is refused right now, if it is: down, full, or over the CPS limit. */
  #refusal(): FailureCause | undefined {
    if (this.#down || this.#closed) return 'lineDown';
    if (this.#channels.size >= this.config.capacity) return 'lineFull';
    const cps = this.config.cps;
    if (cps !== undefined) {
      const since = this.#timers.now().getTime() - CPS_WINDOW_MS;
      const recent = this.#recentOriginates;
      while (recent.length > 0 && (recent[0] as number) <= since) recent.shift();
      if (recent.length >= cps) return 'lineRateLimited';
    }
    return undefined;
  }

  /** 0 for a number's first call on this line, then 1, 2 … (kept for the most recent numbers only). */
  #nextAttempt(callee: string): number {
    const attempt = this.#attempts.get(callee) ?? 0;
    this.#attempts.delete(callee);
    this.#attempts.set(callee, attempt + 1);
    if (this.#attempts.size > MAX_REMEMBERED_NUMBERS) {
      const oldest = this.#attempts.keys().next();
      if (!oldest.done) this.#attempts.delete(oldest.value);
    }
    return attempt;
  }
}
