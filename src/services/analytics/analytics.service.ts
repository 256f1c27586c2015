import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { analyticsRepository, type AnalyticsTaskRow } from '../../repositories/analytics.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import { teamRepository } from '../../repositories/team.repository.js';
import { UNMATCHED_LABELLING, UNMATCHED_MATCH } from '../call-record/turn-format.js';
import { ZoneFormatter } from '../call-record/zone-formatter.js';
import { enqueuePush, PushKind } from '../push/outbox.js';
import type { TenantContext } from '../tenant-context.js';
import { dialTaskMainData, hangUpData, type AnalyticsPayload } from './analytics-payload.js';

/** Checks a push URL; returns the problem in Chinese, or undefined when acceptable. */
export type AnalyticsUrlCheck = (url: string) => string | undefined;

/** The team's 7.7 settings as the extended API shows them. */
export interface AnalyticsSettings {
  analytics_url: string;
  /** Minutes between pushes. */
  analytics_interval: number;
  /** When the last push was queued (`Y-m-d H:i:s`), '' before the first. */
  analytics_last_at: string;
}

export const DEFAULT_INTERVAL_MINUTES = 10;
const MAX_INTERVAL_MINUTES = 1440;
/** Bounds of one team's push: tasks per period and unmatched replies per task. */
const MAX_TASKS = 200;
const MAX_REPLIES = 100;

interface StoredSettings {
  analytics_url?: unknown;
  analytics_interval?: unknown;
  analytics_last_at?: unknown;
}

function intervalOf(s: StoredSettings): number {
  const n = Number(s.analytics_interval);
  return Number.isInteger(n) && n >= 1 && n <= MAX_INTERVAL_MINUTES ? n : DEFAULT_INTERVAL_MINUTES;
}

function lastAtOf(s: StoredSettings): Date | undefined {
  const d = typeof s.analytics_last_at === 'string' ? new Date(s.analytics_last_at) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

function isDue(s: StoredSettings, now: Date): boolean {
  if (typeof s.analytics_url !== 'string' || s.analytics_url === '') return false;
  const last = lastAtOf(s);
  return !last || last.getTime() + intervalOf(s) * 60_000 <= now.getTime();
}

/**
 * 7.7 推送数据分析数据: per team, every `analytics_interval` minutes, one push per reported task (running, or
 * changed or called since the last push) to `teams.settings.analytics_url`, through the push outbox.
 */
export class AnalyticsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly checkUrl: AnalyticsUrlCheck,
    private readonly log: Logger,
  ) {}

  async settings(ctx: TenantContext): Promise<AnalyticsSettings> {
    const team = await this.store.tenant(ctx.teamId, (trx) => teamRepository.current(trx, ctx.teamId));
    const s = team.settings as StoredSettings;
    const last = lastAtOf(s);
    return {
      analytics_url: typeof s.analytics_url === 'string' ? s.analytics_url : '',
      analytics_interval: intervalOf(s),
      analytics_last_at: last ? ZoneFormatter.of(ctx.timezone).format(last) : '',
    };
  }

  /** Sets (or with an empty URL, turns off) the push. The first push follows within a minute. */
  async setSettings(
    ctx: TenantContext,
    input: { analytics_url: string; analytics_interval?: number },
  ): Promise<AnalyticsSettings> {
    const url = input.analytics_url.trim();
    if (url !== '') {
      const problem = this.checkUrl(url);
      if (problem) throw new AppError(ErrorCode.WrongDataFormat, `analytics_url: ${problem}`);
    }
    const interval = input.analytics_interval;
    if (interval !== undefined && (interval < 1 || interval > MAX_INTERVAL_MINUTES)) {
      throw new AppError(
        ErrorCode.WrongDataFormat,
        `analytics_interval须在1到${MAX_INTERVAL_MINUTES}分钟之间`,
      );
    }
    await this.store.tenant(ctx.teamId, (trx) =>
      teamRepository.mergeSettings(trx, ctx.teamId, {
        analytics_url: url,
        ...(interval === undefined ? {} : { analytics_interval: interval }),
        analytics_last_at: null,
      }),
    );
    return this.settings(ctx);
  }

  /**
   * One pass: queues the pushes of every team whose period is over. A failing team is logged and skipped;
   * its period is not advanced, so it is tried again on the next pass.
   * @returns the number of push events queued
   */
  async pushDue(): Promise<number> {
    const now = this.clock.now();
    let queued = 0;
    for (const team of await analyticsRepository.teamsWithAnalytics(this.store.system)) {
      if (!isDue(team.settings, now)) continue;
      try {
        queued += await this.store.tenant(team.id, (trx) => this.#pushTeam(trx, team.id, now));
      } catch (err) {
        this.log.error({ err, teamId: team.id }, 'analytics push failed for a team');
      }
    }
    return queued;
  }

  async #buildPayload(trx: Tx, task: AnalyticsTaskRow, fmt: ZoneFormatter): Promise<AnalyticsPayload> {
    const marker = { match: UNMATCHED_MATCH, labelling: UNMATCHED_LABELLING };
    return {
      dial_task_main_data: dialTaskMainData(task, fmt),
      hang_up_data: hangUpData(await analyticsRepository.hangUpsByNode(trx, task.id)),
      out_of_key_data: await analyticsRepository.unmatchedReplies(trx, task.id, marker, MAX_REPLIES),
    };
  }

  async #pushTeam(trx: Tx, teamId: string, now: Date): Promise<number> {
    const team = await analyticsRepository.lockTeam(trx, teamId);
    const settings = (team?.settings ?? {}) as StoredSettings;
    // Another process may have pushed since the unlocked scan.
    if (!team || !isDue(settings, now)) return 0;
    const since = lastAtOf(settings) ?? new Date(now.getTime() - intervalOf(settings) * 60_000);
    const fmt = ZoneFormatter.of(team.timezone);
    const tasks = await analyticsRepository.tasksToReport(trx, since, MAX_TASKS);
    for (const task of tasks) {
      const payload = await this.#buildPayload(trx, task, fmt);
      await enqueuePush(trx, teamId, {
        kind: PushKind.analytics,
        orderKey: task.sn,
        payload: { ...payload },
      });
    }
    await teamRepository.mergeSettings(trx, teamId, { analytics_last_at: now.toISOString() });
    return tasks.length;
  }
}
