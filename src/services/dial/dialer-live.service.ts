import type { TenantContext } from '../tenant-context.js';

/** How a running task is doing right now. */
export type LiveTaskState =
  | 'dialing' // calls are being placed
  | 'outsideHours' // outside the team's calling hours
  | 'scheduled' // timed_started_at not reached
  | 'limited' // no room: ai_count, max_call_count or line limits reached
  | 'waiting' // nothing due now (redials later)
  | 'paused'; // the platform paused it just now (see status_reason)

export interface LiveTask {
  readonly dial_task_main_sn: string;
  readonly name: string;
  readonly state: LiveTaskState;
  readonly active: number;
  /** Originations in the last second. */
  readonly cps: number;
  /** Numbers waiting (never dialed or put back). */
  readonly waiting: number;
  /** Numbers waiting for an automatic redial. */
  readonly recall_waiting: number;
  readonly line_id: number | null;
}

export interface LiveLine {
  readonly line_id: number;
  readonly name: string;
  readonly kind: string;
  readonly up: boolean;
  readonly active: number;
  readonly capacity: number;
  /** 0 = no limit. */
  readonly cps_limit: number;
  readonly cps: number;
  readonly consecutive_failures: number;
}

/** One team's live dialer state, as the console shows it. */
export interface LiveSnapshot {
  readonly at: string;
  /** The dialer process that produced it. */
  readonly node: string;
  readonly ai_count: number;
  readonly active: number;
  readonly cps: number;
  readonly queued: number;
  readonly next_window_at: string | null;
  readonly tasks: readonly LiveTask[];
  readonly lines: readonly LiveLine[];
}

type Listener = (snapshot: LiveSnapshot) => void;

/**
 * The live view of this process's dialer, per team: the dialer publishes a snapshot every pacing refresh,
 * the console reads the latest (JSON) or subscribes (Server-Sent Events). In a deployment with several
 * dialer processes each API process sees the dialer it runs with (compat-notes "Dialer: live state").
 */
export class DialerLiveService {
  readonly #latest = new Map<string, LiveSnapshot>();
  readonly #listeners = new Map<string, Set<Listener>>();

  /** Dialer side: the new state of the teams in `snapshots`; teams absent are idle now. */
  publish(snapshots: ReadonlyMap<string, LiveSnapshot>, idle: (teamId: string) => LiveSnapshot): void {
    for (const teamId of [...this.#latest.keys()]) {
      if (!snapshots.has(teamId)) this.#set(teamId, idle(teamId));
    }
    for (const [teamId, s] of snapshots) this.#set(teamId, s);
  }

  /** The latest state of the caller's team (an idle one when its dialer has not reported). */
  snapshot(ctx: TenantContext): LiveSnapshot {
    return this.#latest.get(ctx.teamId) ?? emptySnapshot('', '');
  }

  /** Calls `listener` with every new state of the caller's team until the returned function is called. */
  subscribe(ctx: TenantContext, listener: Listener): () => void {
    const set = this.#listeners.get(ctx.teamId) ?? new Set<Listener>();
    set.add(listener);
    this.#listeners.set(ctx.teamId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(ctx.teamId);
    };
  }

  /** How many live views of the caller's team are open (each closed view must have unsubscribed). */
  subscribers(ctx: TenantContext): number {
    return this.#listeners.get(ctx.teamId)?.size ?? 0;
  }

  #set(teamId: string, s: LiveSnapshot): void {
    this.#latest.set(teamId, s);
    for (const listener of this.#listeners.get(teamId) ?? []) {
      try {
        listener(s);
      } catch {
        // A broken subscriber (closed connection) must not stop the others or the dialer.
      }
    }
  }
}

/** The state of a team with nothing running. */
export function emptySnapshot(at: string, node: string): LiveSnapshot {
  return { at, node, ai_count: 0, active: 0, cps: 0, queued: 0, next_window_at: null, tasks: [], lines: [] };
}
