import { AppError, ErrorCode } from '../lib/app-error.js';
import { parseDateTime, type Clock } from '../lib/clock.js';
import { md5Hex } from '../lib/hash.js';
import { verifyPassword } from '../lib/password.js';
import type { SecretBox } from '../lib/secret-box.js';
import { randomToken, tokenHash } from '../lib/token.js';
import { accountRepository } from '../repositories/account.repository.js';
import { roleRepository } from '../repositories/role.repository.js';
import type { Store } from '../repositories/store.js';
import type { TenantContext } from './tenant-context.js';

const KEY_TTL_MS = 2 * 60 * 60 * 1000; // §1.4: an api_key lives 2 hours
const SIGN_WINDOW_MS = 5 * 60 * 1000; // §1.2: timestamp within 5 minutes of server time
const PERMISSION_CACHE_MS = 5_000;

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
  readonly #permissionCache = new Map<string, { at: number; names: Set<string> }>();

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** 1.2: md5(api_access_id + api_access_secret + timestamp), timestamp within 5 minutes. */
  async loginByAccessId(p: AccessLogin) {
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
  async loginByPassword(p: PasswordLogin) {
    return this.issueKey(await this.checkPassword(p));
  }

  /** The account whose user name and password these are; 20004 otherwise. Issues nothing. */
  async checkPassword(p: PasswordLogin) {
    const account = await accountRepository.findForPasswordLogin(this.store.system, p.username);
    // Verify against a dummy hash when the user is unknown so timing does not reveal which names exist.
    const ok = await verifyPassword(p.password, account?.password_hash ?? DUMMY_HASH);
    if (!account || !ok) throw new AppError(ErrorCode.WrongCredentials, '用户名或密码错误');
    return account;
  }

  /**
   * Resolves the public params of a request. 20005 when the key is unknown or belongs to another account
   * (a newer login replaced it), 20006 when it has expired.
   */
  async authenticate(apiKey: string, userSn: string): Promise<TenantContext> {
    const row = await accountRepository.findByKeyHash(this.store.system, tokenHash(apiKey));
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
      roleId: row.role_id === null ? null : String(row.role_id),
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

  private async rolePermissions(ctx: TenantContext, roleId: string): Promise<Set<string>> {
    const hit = this.#permissionCache.get(roleId);
    const now = Date.now();
    if (hit && now - hit.at < PERMISSION_CACHE_MS) return hit.names;
    const names = await this.store.tenant(ctx.teamId, (trx) => roleRepository.permissionNames(trx, roleId));
    this.#permissionCache.set(roleId, { at: now, names });
    return names;
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

// A valid scrypt hash of a random string: never matches, costs the same as a real check.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
