// Brute-force protection for both login forms and for api_key guessing: per account and per client address,
// free attempts, then a growing wait after each failure, then a temporary lockout (README "Security").
import { AppError, ErrorCode } from '../lib/app-error.js';
import type { Clock } from '../lib/clock.js';
import {
  authFailureRepository,
  type FailureKey,
  type FailureState,
} from '../repositories/auth-failure.repository.js';
import type { Store } from '../repositories/store.js';

export interface ThrottlePolicy {
  /** Failures answered normally. */
  readonly free: number;
  /** From this many failures on, every attempt is refused for `lockMs` after the last failure. */
  readonly lockAt: number;
  readonly lockMs: number;
}

/** A counter is forgotten after this long without a failure; also how long a lockout lasts at most. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_WAIT_MS = 60_000;

export const THROTTLE_POLICIES = {
  'login-account': { free: 5, lockAt: 10, lockMs: FAILURE_WINDOW_MS },
  'login-address': { free: 20, lockAt: 50, lockMs: FAILURE_WINDOW_MS },
  'key-account': { free: 10, lockAt: 30, lockMs: FAILURE_WINDOW_MS },
  'key-address': { free: 20, lockAt: 60, lockMs: FAILURE_WINDOW_MS },
} as const satisfies Record<string, ThrottlePolicy>;

type Scope = keyof typeof THROTTLE_POLICIES;
export type AttemptKind = 'login' | 'key';

/**
 * When the next attempt is allowed after `failures` failures, the last at `last`: 2^(n−free) seconds (at most
 * a minute) once the free attempts are used, `lockMs` from `lockAt` failures on.
 * @example blockedUntil({ free: 5, lockAt: 10, lockMs: 900_000 }, 6, t) // t + 2 s
 */
export function blockedUntil(policy: ThrottlePolicy, failures: number, last: Date): Date | undefined {
  if (failures < policy.free) return undefined;
  const wait =
    failures >= policy.lockAt ? policy.lockMs : Math.min(2 ** (failures - policy.free) * 1000, MAX_WAIT_MS);
  return new Date(last.getTime() + wait);
}

const MEMORY_LIMIT = 10_000;

/**
 * Counters live in PostgreSQL (shared by every API process). Logins read them before each attempt; the api_key
 * check, which runs on every call, reads a per-process copy of the blocks this process has seen and touches the
 * database only when a key fails.
 */
export class AuthThrottle {
  readonly #blocked = new Map<string, number>();
  readonly #trusted = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Refuses the attempt while the account or the address is waiting or locked out. */
  async check(kind: AttemptKind, account: string, address: string): Promise<void> {
    const keys = this.keys(kind, account, address);
    const now = this.clock.now();
    if (kind === 'key') {
      // A caller whose key worked from this address recently is not locked out by someone guessing elsewhere.
      const applicable = this.isTrusted(account, address) ? keys.slice(1) : keys;
      const until = Math.max(0, ...applicable.map((k) => this.#blocked.get(memoryKey(k)) ?? 0));
      if (until > now.getTime()) throw refusal(kind, until - now.getTime());
      return;
    }
    const states = await authFailureRepository.find(this.store.system, keys, now, FAILURE_WINDOW_MS);
    this.refuseIfBlocked(kind, states, now);
  }

  /** Counts a failed attempt; the answer to it already says when to try again once a wait begins. */
  async failed(kind: AttemptKind, account: string, address: string): Promise<void> {
    const now = this.clock.now();
    const keys = this.keys(kind, account, address);
    const states = await authFailureRepository.record(this.store.system, keys, now, FAILURE_WINDOW_MS);
    if (Math.random() < 0.01) await authFailureRepository.purge(this.store.system, now, FAILURE_WINDOW_MS);
    for (const state of states) {
      const until = blockedUntil(
        THROTTLE_POLICIES[state.scope as Scope],
        state.failures,
        state.lastFailureAt,
      );
      if (until) this.remember(state, until.getTime());
    }
    this.refuseIfBlocked(kind, states, now);
  }

  /**
   * A successful login clears its account's failures (never the address's: an attacker could reset those with
   * an account of their own). A working key marks its address as trusted for that account for the window.
   */
  async succeeded(kind: AttemptKind, account: string, address: string): Promise<void> {
    if (kind === 'key') {
      bounded(this.#trusted, this.clock.now().getTime());
      this.#trusted.set(`${account}\n${address}`, this.clock.now().getTime() + FAILURE_WINDOW_MS);
      return;
    }
    const key = { scope: `${kind}-account`, subject: account };
    this.#blocked.delete(memoryKey(key));
    await authFailureRepository.clear(this.store.system, [key]);
  }

  private isTrusted(account: string, address: string): boolean {
    return (this.#trusted.get(`${account}\n${address}`) ?? 0) > this.clock.now().getTime();
  }

  private keys(kind: AttemptKind, account: string, address: string): FailureKey[] {
    return [
      { scope: `${kind}-account`, subject: account },
      { scope: `${kind}-address`, subject: address },
    ];
  }

  private refuseIfBlocked(kind: AttemptKind, states: readonly FailureState[], now: Date): void {
    let until = 0;
    for (const s of states) {
      const t = blockedUntil(THROTTLE_POLICIES[s.scope as Scope], s.failures, s.lastFailureAt);
      if (t) until = Math.max(until, t.getTime());
    }
    if (until > now.getTime()) throw refusal(kind, until - now.getTime());
  }

  private remember(key: FailureKey, until: number): void {
    bounded(this.#blocked, this.clock.now().getTime());
    this.#blocked.set(memoryKey(key), until);
  }
}

/** Keeps a per-process map small: expired entries go first, then the oldest. */
function bounded(map: Map<string, number>, now: number): void {
  if (map.size < MEMORY_LIMIT) return;
  for (const [k, t] of map) if (t <= now) map.delete(k);
  if (map.size >= MEMORY_LIMIT) map.delete(map.keys().next().value!);
}

const memoryKey = (k: FailureKey) => `${k.scope}\n${k.subject}`;

function refusal(kind: AttemptKind, waitMs: number): AppError {
  const wait = waitMs >= 60_000 ? `${Math.ceil(waitMs / 60_000)}分钟` : `${Math.ceil(waitMs / 1000)}秒`;
  return kind === 'login'
    ? new AppError(ErrorCode.WrongCredentials, `登录失败次数过多,已暂时锁定,请${wait}后再试`)
    : new AppError(ErrorCode.ApiKeyInvalid, `api_key验证失败次数过多,已暂时锁定,请${wait}后再试`);
}
