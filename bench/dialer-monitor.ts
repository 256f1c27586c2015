// An observer between the dialer and its line, independent of the dialer's own bookkeeping: what the
// carrier would see. Counts calls in progress, originations per sliding second, calls placed outside calling
// hours and number-attempts originated twice.
import type { VirtualClock } from '../src/lib/virtual-clock.js';
import type { CallChannel, Line, OriginateRequest } from '../src/telephony/call-channel.js';

export interface MonitorLimits {
  readonly capacity: number;
  readonly cps: number;
  readonly allowed: (at: Date) => boolean;
}

export class LineMonitor {
  active = 0;
  peakActive = 0;
  /** Highest `active` since the last `takeSecondPeak()`. */
  #secondPeak = 0;
  originated = 0;
  peakCps = 0;
  violations = 0;
  outsideHours = 0;
  doubleDials = 0;
  readonly #recent: number[] = [];
  #head = 0;
  readonly #attempts = new Set<string>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly limits: MonitorLimits,
  ) {}

  wrap(line: Line): Line {
    return {
      id: line.id,
      kind: line.kind,
      get capacity() {
        return line.capacity;
      },
      get active() {
        return line.active;
      },
      health: () => line.health(),
      close: () => line.close(),
      originate: (request: OriginateRequest): CallChannel => {
        this.#observe(request);
        const channel = line.originate(request);
        void channel.ended.then(() => this.active--);
        return channel;
      },
    };
  }

  /** The highest number of calls in progress since the previous call (a per-second sample). */
  takeSecondPeak(): number {
    const peak = Math.max(this.#secondPeak, this.active);
    this.#secondPeak = this.active;
    return peak;
  }

  #observe(request: OriginateRequest): void {
    const now = this.clock.now();
    const t = now.getTime();
    this.originated++;
    this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
    this.#secondPeak = Math.max(this.#secondPeak, this.active);
    if (this.active > this.limits.capacity) this.violations++;
    this.#recent.push(t);
    while ((this.#recent[this.#head] as number) <= t - 1000) this.#head++;
    const inWindow = this.#recent.length - this.#head;
    this.peakCps = Math.max(this.peakCps, inWindow);
    if (inWindow > this.limits.cps) this.violations++;
    if (!this.limits.allowed(now)) this.outsideHours++;
    const key = `${request.variables?.['aicall.number']}#${request.variables?.['aicall.attempt']}`;
    if (this.#attempts.has(key)) this.doubleDials++;
    this.#attempts.add(key);
    if (this.#head > 100_000) {
      this.#recent.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
