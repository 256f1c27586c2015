// Recording retention: a team keeps its call recordings (and their per-turn segments) for its retention period
// (its own setting, else the platform's RECORDING_RETENTION_DAYS; 0 = forever). A periodic pass deletes older
// audio and the record says so: recordfile cleared, recording_deleted_at set, the turns' segments cleared.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { recordingRetentionRepository as repo } from '../../repositories/recording-retention.repository.js';
import type { Store } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { relativeRecordingPath } from './recording-path.js';

const DAY_MS = 86_400_000;
/** Records handled per query; a pass goes on until the team has none left. */
const BATCH = 200;
const MAX_DAYS = 3650;

export interface RecordingSettings {
  /** The team's own period in days, or null when the platform default applies. */
  retention_days: number | null;
  /** The period in force (0 = kept forever). */
  effective_days: number;
}

export class RecordingRetentionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly recordingsDir: string,
    private readonly defaultDays: number,
    private readonly log: Logger,
  ) {}

  async get(ctx: TenantContext): Promise<RecordingSettings> {
    const days = await this.store.tenant(ctx.teamId, (trx) => repo.teamDays(trx, ctx.teamId));
    return { retention_days: days, effective_days: days ?? this.defaultDays };
  }

  /** `days`: whole days 0–3650 (0 = keep forever), or null/'' for the platform default. */
  async update(ctx: TenantContext, days: unknown): Promise<RecordingSettings> {
    const value = days === null || days === '' ? null : Number(days);
    if (value !== null && !(Number.isInteger(value) && value >= 0 && value <= MAX_DAYS)) {
      throw new AppError(ErrorCode.WrongDataFormat, `retention_days须为0-${MAX_DAYS}的整数(0 = 永久保存)`);
    }
    await this.store.tenant(ctx.teamId, (trx) => repo.setTeamDays(trx, ctx.teamId, value));
    return this.get(ctx);
  }

  /** One pass over every team; returns how many recordings were deleted. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    let deleted = 0;
    for (const team of await repo.teams(this.store.system)) {
      const days = team.days ?? this.defaultDays;
      if (days <= 0) continue;
      const before = new Date(now.getTime() - days * DAY_MS);
      for (;;) {
        const rows = await repo.expired(this.store.system, team.id, before, BATCH);
        let kept = 0;
        for (const r of rows) {
          if (!(await this.#deleteAudio(team.id, r.recordfile, r.turns))) {
            kept++; // tried again next pass; the record still points at its audio
            continue;
          }
          await repo.markDeleted(this.store.system, r.id, withoutSegments(r.turns), now);
          deleted++;
        }
        if (rows.length < BATCH || kept === rows.length) break;
      }
    }
    return deleted;
  }

  /** Removes the recording and its segments (a file already gone is fine); never leaves the team's directory. */
  async #deleteAudio(teamId: string, recordfile: string, turns: unknown): Promise<boolean> {
    let ok = true;
    for (const name of [recordfile, ...segmentsOf(turns)]) {
      const resolved = relativeRecordingPath(undefined, name);
      if (!resolved.ok) continue;
      await rm(path.join(this.recordingsDir, teamId, resolved.rel), { force: true }).catch((err: unknown) => {
        ok = false;
        this.log.warn({ err, teamId, file: resolved.rel }, 'recording could not be deleted');
      });
    }
    return ok;
  }
}

const turnList = (turns: unknown): Record<string, unknown>[] =>
  Array.isArray(turns)
    ? turns.filter((t): t is Record<string, unknown> => t !== null && typeof t === 'object')
    : [];

function segmentsOf(turns: unknown): string[] {
  return turnList(turns)
    .map((t) => t.fenduanluyin)
    .filter((f): f is string => typeof f === 'string' && f !== '');
}

function withoutSegments(turns: unknown): unknown {
  return Array.isArray(turns) ? turnList(turns).map((t) => ({ ...t, fenduanluyin: '' })) : turns;
}
