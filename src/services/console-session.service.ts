import { AppError, ErrorCode } from '../lib/app-error.js';
import type { Clock } from '../lib/clock.js';
import { randomToken, tokenHash } from '../lib/token.js';
import { consoleSessionRepository } from '../repositories/console-session.repository.js';
import type { Store } from '../repositories/store.js';
import type { AuthService, PasswordLogin } from './auth.service.js';
import type { TenantContext } from './tenant-context.js';

/** Writing last_seen_at on every request would cost a write per call; once a minute keeps idle expiry exact enough. */
const TOUCH_EVERY_MS = 60_000;
const TOKEN_LENGTH = 43; // ~256 bits over [A-Za-z0-9]

export interface ConsoleSignIn {
  /** Goes into the HttpOnly session cookie. */
  readonly token: string;
  /** Goes into a script-readable cookie; the console echoes it in the X-CSRF-Token header (double submit). */
  readonly csrf: string;
}

/**
 * The operator console's own sign-in: a session separate from api_keys, so signing in to the console never
 * replaces the key an integration is using on the same account. Sessions end on sign-out or after
 * `idleMs` without a request.
 */
export class ConsoleSessionService {
  constructor(
    private readonly store: Store,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly idleMs: number,
  ) {}

  /** Signs in with the 1.3 credentials; wrong guesses are throttled per user name and client address as 1.3. */
  async signIn(p: PasswordLogin, address: string): Promise<ConsoleSignIn> {
    const account = await this.auth.checkPassword(p, address);
    await this.purgeIdle();
    const token = randomToken(TOKEN_LENGTH);
    const csrf = randomToken(TOKEN_LENGTH);
    await consoleSessionRepository.create(this.store.system, {
      teamId: String(account.team_id),
      accountId: String(account.id),
      tokenHash: tokenHash(token),
      csrfHash: tokenHash(csrf),
      at: this.clock.now(),
    });
    return { token, csrf };
  }

  /**
   * The caller of a console request: 20005 for an unknown session or a missing/wrong CSRF token, 20006 for
   * a session idle longer than the limit (it is removed).
   */
  async authenticate(token: string, csrf: string | undefined): Promise<TenantContext> {
    const hash = tokenHash(token);
    const row = await consoleSessionRepository.findByTokenHash(this.store.system, hash);
    if (!row) throw new AppError(ErrorCode.ApiKeyInvalid, '登录状态无效,请重新登录');
    const now = this.clock.now();
    const idle = now.getTime() - row.last_seen_at.getTime();
    if (idle > this.idleMs) {
      // Kept (marked expired, swept later) rather than deleted: the page's other requests in flight then get the
      // same 20006 and the operator sees one reason, not 20005 "invalid" from whichever request came second.
      if (row.last_seen_at.getTime() > 0) {
        await consoleSessionRepository.markExpired(this.store.system, row.session_id);
      }
      throw new AppError(ErrorCode.ApiKeyExpired, '登录已过期,请重新登录');
    }
    if (!csrf || tokenHash(csrf) !== row.csrf_hash) {
      throw new AppError(ErrorCode.ApiKeyInvalid, 'CSRF校验失败,请刷新页面后重试');
    }
    if (idle > TOUCH_EVERY_MS) {
      await consoleSessionRepository.touch(this.store.system, row.session_id, row.last_seen_at, now);
    }
    return {
      teamId: String(row.team_id),
      teamSn: row.team_sn,
      timezone: row.timezone,
      accountId: String(row.id),
      accountSn: row.sn,
      userName: row.user_name,
      isMain: row.parent_id === null,
      roleId: row.role_id === null ? null : String(row.role_id),
    };
  }

  /** Who is signed in and what the console may show them (menus follow `permissions`; `null` = all). */
  async whoAmI(ctx: TenantContext) {
    const permissions = await this.auth.permissionsOf(ctx);
    return {
      user_name: ctx.userName,
      user_sn: ctx.accountSn,
      team_sn: ctx.teamSn,
      is_main: ctx.isMain,
      timezone: ctx.timezone,
      permissions: permissions === null ? null : [...permissions].sort(),
      idle_minutes: Math.round(this.idleMs / 60_000),
    };
  }

  async signOut(token: string): Promise<void> {
    await consoleSessionRepository.deleteByTokenHash(this.store.system, tokenHash(token));
  }

  /** Housekeeping: sessions idle past the limit. */
  purgeIdle(): Promise<number> {
    return consoleSessionRepository.deleteIdle(
      this.store.system,
      new Date(this.clock.now().getTime() - this.idleMs),
    );
  }
}
