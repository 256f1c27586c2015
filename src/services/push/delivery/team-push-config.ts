// What a delivery needs to know about a team — its signing secrets and retry schedule — cached briefly so a
// batch of thousands of events costs one lookup per team, not one per event. Changes made through the push API
// invalidate the entry in this process; other processes see them within the TTL. During a rotation both secrets
// sign, so a short-lived stale entry never produces a signature the receiver cannot verify with the old secret.
import { performance } from 'node:perf_hooks';
import { teamRepository } from '../../../repositories/team.repository.js';
import type { Store } from '../../../repositories/store.js';
import { retrySchedule, type RetrySchedule } from '../policy/retry-schedule.js';
import { retryOverridesOf } from '../retry-settings.js';
import type { PushSigningSecrets } from '../signing-secrets.js';

export interface TeamPushConfig {
  /** Active signing secrets, newest first. */
  readonly secrets: readonly string[];
  readonly schedule: RetrySchedule;
}

export const DEFAULT_TEAM_CONFIG_TTL_MS = 5000;

export type TeamPushConfigLoader = (teamId: string) => Promise<TeamPushConfig>;

/** A TTL cache of TeamPushConfig; concurrent lookups of one team share one load. */
export class TeamPushConfigCache {
  readonly #entries = new Map<string, { loadedAt: number; value: Promise<TeamPushConfig> }>();

  constructor(
    private readonly load: TeamPushConfigLoader,
    private readonly ttlMs = DEFAULT_TEAM_CONFIG_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(teamId: string): Promise<TeamPushConfig> {
    const hit = this.#entries.get(teamId);
    if (hit && this.now() - hit.loadedAt < this.ttlMs) return hit.value;
    const value = this.load(teamId);
    this.#entries.set(teamId, { loadedAt: this.now(), value });
    // A failed load is not cached: the next delivery tries again.
    value.catch(() => {
      if (this.#entries.get(teamId)?.value === value) this.#entries.delete(teamId);
    });
    return value;
  }

  /** Forgets a team's entry (after its settings changed in this process). */
  invalidate(teamId: string): void {
    this.#entries.delete(teamId);
  }
}

/**
 * Loads a team's push configuration from the store (system handle): its secrets (created on first use) and its
 * retry schedule from teams.settings.push_retry.
 */
export function teamPushConfigLoader(store: Store, signing: PushSigningSecrets): TeamPushConfigLoader {
  return async (teamId) => {
    const team = await teamRepository.current(store.system, teamId);
    return {
      secrets: await signing.forTeam(teamId),
      schedule: retrySchedule(retryOverridesOf(team.settings)),
    };
  };
}
