import { AppError, ErrorCode } from '../lib/app-error.js';
import { parseDateTime, type Clock } from '../lib/clock.js';
import { md5Hex } from '../lib/hash.js';
import { verifyPassword } from '../lib/password.js';
import type { SecretBox } from '../lib/secret-box.js';
import { randomToken, tokenHash } from '../lib/token.js';
import { accountRepository } from '../repositories/account.repository.js';
import { roleRepository } from '../repositories/role.repository.js';
import type { Store } from '../repositories/store.js';
import { AuthThrottle, type AttemptKind } from './auth-throttle.js';
import { AuthCache } from './auth-cache.js';
import type { TenantContext } from './tenant-context.js';

const KEY_TTL_MS = 2 * 60 * 60 * 1000; // §1.4: an api_key lives 2 hours
const SIGN_WINDOW_MS = 5 * 60 * 1000; // §1.2: timestamp within 5 minutes of server time

export interface AccessLogin {
  api_access_id: string;
  timestamp: string;
  sign: string;
}
export interface PasswordLogin {
  username: string;
  password: string;
}

/** Login (1.2 / 1.3), api_key issuing and per-request authentication. */
export class AuthService {
  readonly #throttle: AuthThrottle;
  readonly #cache: AuthCache<KeyRow, Set<string>>;

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {
    this.#throttle = new AuthThrottle(store, clock);
    this.#cache = new AuthCache<KeyRow, Set<string>>(store.changes);
  }

  /** 1.2 with brute-force protection per access id and per client address. */
  loginByAccessId(p: AccessLogin, address: string) {
    return this.throttled('login', `id:${p.api_access_id}`, address, () => this.checkAccessId(p));
  }

  /** 1.3 with brute-force protection per user name and per client address. */
  loginByPassword(p: PasswordLogin, address: string) {
    return this.throttled('login', `name:${p.username}`, address, () => this.issueForPassword(p));
  }

  /**
   * Resolves the public params of a request. 20005 when the key is unknown or belongs to another account
   * (a newer login replaced it), 20006 when it has expired; guessing is throttled per user_sn and address.
   */
  authenticate(apiKey: string, userSn: string, address: string): Promise<TenantContext> {
    return this.throttled('key', userSn, address, () => this.checkKey(apiKey, userSn));
  }

  private async throttled<T>(kind: AttemptKind, account: string, address: string, attempt: () => Promise<T>) {
    await this.#throttle.check(kind, account, address);
    try {
      const result = await attempt();
      await this.#throttle.succeeded(kind, account, address);
      return result;
    } catch (err) {
      const guess = kind === 'login' ? ErrorCode.WrongCredentials : ErrorCode.ApiKeyInvalid;
      if (err instanceof AppError && err.code === guess) await this.#throttle.failed(kind, account, address);
      throw err;
    }
  }

  /** 1.2: md5(api_access_id + api_access_secret + timestamp), timestamp within 5 minutes. */
  private async checkAccessId(p: AccessLogin) {
    const account = await accountRepository.findByAccessId(this.store.system, p.api_access_id);
    if (!account?.api_access_secret_enc) {
      throw new AppError(ErrorCode.WrongCredentials, 'api_access_id不存在或签名错误');
    }
    const team = await this.teamTimezone(account.team_id);
    const at = /^\d{9,10}$/.test(p.timestamp)
      ? new Date(Number(p.timestamp) * 1000)
      : parseDateTime(p.timestamp, team);
    if (!at) throw new AppError(ErrorCode.WrongDataFormat, 'timestamp格式错误,应为Y-m-d H:i:s');
    if (Math.abs(at.getTime() - this.clock.now().getTime()) > SIGN_WINDOW_MS) {
      throw new AppError(ErrorCode.WrongCredentials, 'timestamp已过期,须在服务器时间5分钟内');
    }
    const secret = this.secrets.open(account.api_access_secret_enc);
    if (md5Hex(p.api_access_id + secret + p.timestamp) !== p.sign.toLowerCase()) {
      throw new AppError(ErrorCode.WrongCredentials, 'api_access_id不存在或签名错误');
    }
    return this.issueKey(account);
  }

  /** 1.3: user name and password. */
  private async issueForPassword(p: PasswordLogin) {
    return this.issueKey(await this.passwordAccount(p));
  }

  /**
   * The account whose user name and password these are, throttled like 1.3 (the console signs in with it);
   * 20004 otherwise. Issues nothing.
   */
  checkPassword(p: PasswordLogin, address: string) {
    return this.throttled('login', `name:${p.username}`, address, () => this.passwordAccount(p));
  }

  private async passwordAccount(p: PasswordLogin) {
    const account = await accountRepository.findForPasswordLogin(this.store.system, p.username);
    // Verify against a dummy hash when the user is unknown so timing does not reveal which names exist.
    const ok = await verifyPassword(p.password, account?.password_hash ?? DUMMY_HASH);
    if (!account || !ok) throw new AppError(ErrorCode.WrongCredentials, '用户名或密码错误');
    return account;
  }

  private async checkKey(apiKey: string, userSn: string): Promise<TenantContext> {
    const keyHash = tokenHash(apiKey);
    const row = await this.#cache.key(keyHash, async () => {
      const found = await accountRepository.findByKeyHash(this.store.system, keyHash);
      return (
        found && {
          ...found,
          accountId: found.id,
          teamId: found.team_id,
          roleId: found.role_id === null ? null : String(found.role_id),
        }
      );
    });
    if (!row || row.sn !== userSn) throw new AppError(ErrorCode.ApiKeyInvalid, 'api_key验证失败,请重新登录');
    if (row.expires_at.getTime() <= this.clock.now().getTime()) {
      throw new AppError(ErrorCode.ApiKeyExpired, 'api_key已过期,请重新登录');
    }
    return {
      teamId: row.team_id,
      teamSn: row.team_sn,
      timezone: row.timezone,
      accountId: row.id,
      accountSn: row.sn,
      userName: row.user_name,
      isMain: row.parent_id === null,
      roleId: row.roleId,
    };
  }

  /** 20007 unless the caller is the main account or its role holds `permission`. */
  async requirePermission(ctx: TenantContext, permission: string): Promise<void> {
    if (ctx.isMain) return;
    const names = ctx.roleId ? await this.rolePermissions(ctx, ctx.roleId) : new Set<string>();
    if (!names.has(permission)) throw new AppError(ErrorCode.NoPermission, '没有该接口的访问权限');
  }

  /** The permission names the caller holds; `null` for a main account, which holds every permission. */
  async permissionsOf(ctx: TenantContext): Promise<ReadonlySet<string> | null> {
    if (ctx.isMain) return null;
    return ctx.roleId ? this.rolePermissions(ctx, ctx.roleId) : new Set<string>();
  }

  private rolePermissions(ctx: TenantContext, roleId: string): Promise<Set<string>> {
    return this.#cache.permissions(roleId, () =>
      this.store.tenant(ctx.teamId, (trx) => roleRepository.permissionNames(trx, roleId)),
    );
  }

  private async teamTimezone(teamId: string): Promise<string> {
    const t = await this.store.system
      .selectFrom('teams')
      .select('timezone')
      .where('id', '=', teamId)
      .executeTakeFirst();
    return t?.timezone ?? 'Asia/Shanghai';
  }

  private async issueKey(account: {
    id: string;
    team_id: string;
    sn: string;
    user_name: string;
    parent_id: string | number | null;
    job: string;
    expired: string | null;
  }) {
    const apiKey = randomToken(8);
    const expiresAt = new Date(this.clock.now().getTime() + KEY_TTL_MS);
    await accountRepository.replaceKey(
      this.store.system,
      account.id,
      account.team_id,
      tokenHash(apiKey),
      expiresAt,
    );
    const team = await this.store.system
      .selectFrom('teams')
      .selectAll()
      .where('id', '=', account.team_id)
      .executeTakeFirstOrThrow();
    const parent =
      account.parent_id === null
        ? null
        : await accountRepository.findById(this.store.system, String(account.parent_id));
    return {
      id: Number(account.id),
      user_name: account.user_name,
      user_sn: account.sn,
      team_name: team.name,
      team_sn: team.sn,
      expired: account.expired ?? '',
      ai_count: team.ai_count,
      caller_group: team.caller_group,
      api_key: apiKey,
      parent_sn: parent?.user_name ?? null,
      status: 1,
      api_key_expire: Math.floor(expiresAt.getTime() / 1000),
      job: account.job,
    };
  }
}

type KeyRow = NonNullable<Awaited<ReturnType<typeof accountRepository.findByKeyHash>>> & {
  accountId: string;
  teamId: string;
  roleId: string | null;
};

// A valid scrypt hash of a random string: never matches, costs the same as a real check.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
