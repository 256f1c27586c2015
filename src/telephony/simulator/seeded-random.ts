/**
 * Small deterministic randomness for the carrier simulator: a 32-bit hash to derive independent seeds from
 * (seed, number, attempt …), and a generator with the draws the simulator needs. Not for anything secret.
 */

/**
 * Hashes the parts into 32 bits: FNV-1a over the UTF-16 code units (parts separated by a 0xffff unit that a
 * phone number or label never contains), then a murmur3-style finaliser so nearby inputs land far apart.
 * @example hash32('sandbox', '13800138000', 0)
 */
export function hash32(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    }
    h = Math.imul(h ^ 0xffff, 0x01000193);
  }
  return mix32(h);
}

function mix32(x: number): number {
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seeded generator: a Weyl sequence (step 0x9e3779b9, the 32-bit golden ratio) run through the finaliser
 * above. Period 2^32 per seed, ample for one call's few dozen draws.
 * @example const rng = new SeededRandom(hash32('seed', number)); rng.chance(0.6);
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;
    return mix32(this.#state) / 4_294_967_296;
  }

  /** True with probability `p` (clamped to [0, 1]). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next());
  }

  /** A uniformly chosen element; undefined for an empty list. */
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(items.length * this.next())];
  }

  /** Normal deviate (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next(); // (0, 1], so the log is finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/**
 * Picks a key with probability proportional to its weight, using `u` in [0, 1). Undefined when no weight is
 * positive. Keys are taken in the order given, so the same `u` and list always give the same key.
 */
export function pickWeighted<K>(entries: readonly (readonly [K, number])[], u: number): K | undefined {
  let total = 0;
  for (const [, w] of entries) if (w > 0) total += w;
  if (total <= 0) return undefined;
  let acc = 0;
  let last: K | undefined;
  for (const [key, w] of entries) {
    if (w <= 0) continue;
    acc += w / total;
    last = key;
    if (u < acc) return key;
  }
  return last; // u within rounding of 1
}

/**
 * A duration in ms as configured: a fixed number, a uniform `{min, max}`, or a normal `{mean, sd}` clipped to
 * `[min ?? 0, max ?? ∞]`.
 */
export type Duration =
  number | { min: number; max: number } | { mean: number; sd: number; min?: number; max?: number };

/** Draws a duration (whole ms, never negative). */
export function sampleDuration(duration: Duration, rng: SeededRandom): number {
  if (typeof duration === 'number') return Math.max(0, Math.round(duration));
  if ('mean' in duration) {
    const raw = rng.normal(duration.mean, duration.sd);
    const clipped = Math.min(duration.max ?? Infinity, Math.max(duration.min ?? 0, raw));
    return Math.max(0, Math.round(clipped));
  }
  return Math.max(0, Math.round(rng.between(duration.min, duration.max)));
}
