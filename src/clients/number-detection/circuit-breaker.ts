/**
 * Stops calling a failing vendor for a while. Without it a dead vendor costs every batch a full timeout:
 * a million numbers in 500-number batches at 5 s each would hold an import for hours.
 */
import type { Clock } from '../../lib/clock.js';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 3. */
  failureThreshold?: number;
  /** How long an open circuit short-circuits calls before one is let through again. Default 30 s. */
  cooldownMs?: number;
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #clock: Clock;
  #consecutiveFailures = 0;
  #openUntil = 0;

  constructor(clock: Clock, options: CircuitBreakerOptions = {}) {
    this.#clock = clock;
    this.#threshold = Math.max(1, options.failureThreshold ?? 3);
    this.#cooldownMs = Math.max(0, options.cooldownMs ?? 30_000);
  }

  /** False while open; after the cool-down calls go through again (one more failure reopens it). */
  allows(): boolean {
    return this.#clock.now().getTime() >= this.#openUntil;
  }

  recordSuccess(): void {
    this.#consecutiveFailures = 0;
    this.#openUntil = 0;
  }

  recordFailure(): void {
    this.#consecutiveFailures++;
    if (this.#consecutiveFailures >= this.#threshold) {
      this.#openUntil = this.#clock.now().getTime() + this.#cooldownMs;
    }
  }

  get open(): boolean {
    return !this.allows();
  }
}
