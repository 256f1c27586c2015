/** The window a calls-per-second limit is measured over. */
export const RATE_WINDOW_MS = 1_000;

/**
 * Calls-per-second accounting over a sliding window, the way a carrier measures it: at any instant the
 * originations in (now − 1 s, now] stay within the limit. No burst credit builds up while idle or across a
 * clock jump, unlike a token bucket. Limits below 1/s allow one call per 1/limit seconds.
 * @example const w = new RateWindow(10); w.available(now) // 10; w.record(now); w.available(now) // 9
 */
export class RateWindow {
  #times: number[] = [];
  #head = 0;

  constructor(public limit: number | undefined) {}

  /** Originations that may start at `now` without exceeding the limit (Infinity when unlimited). */
  available(now: Date): number {
    const limit = this.limit;
    if (limit === undefined) return Infinity;
    this.#trim(now.getTime());
    const max = limit >= 1 ? Math.floor(limit) : 1;
    return Math.max(0, max - this.#inWindow(now.getTime(), this.#windowMs()));
  }

  /** Originations within (now − 1 s, now]: the current calls per second. */
  count(now: Date): number {
    this.#trim(now.getTime());
    return this.#inWindow(now.getTime(), RATE_WINDOW_MS);
  }

  record(now: Date): void {
    this.#times.push(now.getTime());
  }

  #windowMs(): number {
    const limit = this.limit;
    return limit !== undefined && limit < 1 ? RATE_WINDOW_MS / limit : RATE_WINDOW_MS;
  }

  #inWindow(now: number, windowMs: number): number {
    let n = 0;
    for (
      let i = this.#times.length - 1;
      i >= this.#head && (this.#times[i] as number) > now - windowMs;
      i--
    ) {
      n++;
    }
    return n;
  }

  /** Forgets originations older than every window still needed. */
  #trim(now: number): void {
    const since = now - Math.max(RATE_WINDOW_MS, this.#windowMs());
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= since) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}
