// Push settings (ext): the team's signing secrets (view, rotate) and its retry schedule (view, change).
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { formatDateTime } from '../../lib/clock.js';
import { WebhookHeader } from '../../lib/webhook-signature.js';
import type { Store } from '../../repositories/store.js';
import { teamRepository } from '../../repositories/team.repository.js';
import type { TenantContext } from '../tenant-context.js';
import type { TeamPushConfigCache } from './delivery/team-push-config.js';
import {
  DEFAULT_RETRY_POLICY,
  RETRY_POLICY_LIMITS,
  resolveRetryPolicy,
  type RetryPolicy,
} from './policy/retry-schedule.js';
import { RETRY_SETTINGS_KEY, retryOverridesOf } from './retry-settings.js';
import {
  DEFAULT_ROTATION_OVERLAP_HOURS,
  MAX_ROTATION_OVERLAP_HOURS,
  type PushSigningSecrets,
  type SigningSecretView,
} from './signing-secrets.js';

/** Retry fields on the wire (snake_case, like the rest of the API) → policy fields. */
const WIRE_FIELDS = {
  base_seconds: 'baseSeconds',
  factor: 'factor',
  max_delay_seconds: 'maxDelaySeconds',
  max_age_hours: 'maxAgeHours',
  min_attempts: 'minAttempts',
} as const satisfies Record<string, keyof RetryPolicy>;
type WireField = keyof typeof WIRE_FIELDS;

export type RetryInput = Partial<Record<WireField, number>> & { reset?: number };

const toWire = (p: Partial<RetryPolicy>) =>
  Object.fromEntries(
    Object.entries(WIRE_FIELDS)
      .filter(([, field]) => p[field] !== undefined)
      .map(([wire, field]) => [wire, p[field]]),
  );

/** Signing secrets and retry schedule of a tenant. */
export class PushSettingsService {
  constructor(
    private readonly store: Store,
    private readonly signing: PushSigningSecrets,
    private readonly teams: TeamPushConfigCache,
  ) {}

  /** Current settings; the first signing secret is created here if the team has none yet. */
  async get(ctx: TenantContext) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const secrets = await this.signing.list(trx, ctx.teamId);
      const team = await teamRepository.current(trx, ctx.teamId);
      return this.#view(ctx, secrets, retryOverridesOf(team.settings));
    });
  }

  /** New current secret; the previous one keeps signing for `overlap_hours` (default 24). */
  async rotateSecret(ctx: TenantContext, p: { overlap_hours?: number }) {
    const hours = p.overlap_hours ?? DEFAULT_ROTATION_OVERLAP_HOURS;
    if (!Number.isFinite(hours) || hours < 0 || hours > MAX_ROTATION_OVERLAP_HOURS) {
      throw new AppError(ErrorCode.WrongDataFormat, `overlap_hours须在0到${MAX_ROTATION_OVERLAP_HOURS}之间`);
    }
    const view = await this.store.tenant(ctx.teamId, async (trx) => {
      const secrets = await this.signing.rotate(trx, ctx.teamId, hours);
      const team = await teamRepository.current(trx, ctx.teamId);
      return this.#view(ctx, secrets, retryOverridesOf(team.settings));
    });
    this.teams.invalidate(ctx.teamId);
    return view;
  }

  /** Changes the retry schedule: the given fields are stored, the others keep their value; `reset: 1` clears all. */
  async setRetry(ctx: TenantContext, p: RetryInput) {
    const problems: string[] = [];
    const patch: Partial<Record<keyof RetryPolicy, number>> = {};
    for (const [wire, field] of Object.entries(WIRE_FIELDS) as [WireField, keyof RetryPolicy][]) {
      const v = p[wire];
      if (v === undefined) continue;
      const [min, max] = RETRY_POLICY_LIMITS[field];
      if (!Number.isFinite(v) || v < min || v > max) problems.push(`${wire}须在${min}到${max}之间`);
      else patch[field] = field === 'minAttempts' ? Math.floor(v) : v;
    }
    if (problems.length > 0) {
      throw new AppError(ErrorCode.WrongDataFormat, `参数错误: ${problems.join('; ')}`);
    }
    const view = await this.store.tenant(ctx.teamId, async (trx) => {
      const team = await teamRepository.current(trx, ctx.teamId);
      const overrides = p.reset === 1 ? patch : { ...retryOverridesOf(team.settings), ...patch };
      await teamRepository.mergeSettings(trx, ctx.teamId, { [RETRY_SETTINGS_KEY]: overrides });
      return this.#view(ctx, await this.signing.list(trx, ctx.teamId), overrides);
    });
    this.teams.invalidate(ctx.teamId);
    return view;
  }

  #view(ctx: TenantContext, secrets: SigningSecretView[], overrides: Partial<RetryPolicy>) {
    return {
      signature_header: WebhookHeader.Signature,
      signing_secrets: secrets.map((s) => ({
        secret: s.secret,
        created_at: formatDateTime(s.created_at, ctx.timezone),
        expires_at: s.expires_at ? formatDateTime(s.expires_at, ctx.timezone) : '',
      })),
      retry: toWire(resolveRetryPolicy(overrides)),
      retry_overrides: toWire(overrides),
      retry_defaults: toWire(DEFAULT_RETRY_POLICY),
    };
  }
}
