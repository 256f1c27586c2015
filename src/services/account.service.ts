import { AppError, ErrorCode } from '../lib/app-error.js';
import { formatDateTime } from '../lib/clock.js';
import { hashPassword } from '../lib/password.js';
import { newSn } from '../lib/sn.js';
import { accountRepository } from '../repositories/account.repository.js';
import { extensionRepository, orgRepository } from '../repositories/org-and-skill.repository.js';
import { roleRepository } from '../repositories/role.repository.js';
import { tenantReader, type Store, type Tx } from '../repositories/store.js';
import { teamRepository } from '../repositories/team.repository.js';
import type { TenantContext } from './tenant-context.js';

export interface Paging {
  pageIndex: number;
  pageSize: number;
}

export interface SubAccountInput {
  user_name: string;
  contact: string;
  password: string;
  re_password: string;
  organization_id?: number;
  role_id?: number;
  max_call_count: number;
  job?: string;
}

/** What clients send as `organization_id` for "no organization" (0, or '' which arrives as absent). */
const NO_ORGANIZATION = 0;

/** 2.1.x sub-accounts and 2.2.1 extensions. */
export class AccountService {
  constructor(private readonly store: Store) {}

  async listSubAccounts(ctx: TenantContext, p: Paging & { user_name?: string }) {
    const { total, rows } = await accountRepository.listSubAccounts(tenantReader(this.store, ctx.teamId), {
      userName: p.user_name,
      offset: p.pageIndex * p.pageSize,
      limit: p.pageSize,
    });
    return {
      total,
      data: rows.map((r) => ({
        id: Number(r.id),
        user_sn: r.sn,
        user_name: r.user_name,
        contact: r.contact,
        job: r.job || r.role_name || '',
        parent_sn: r.parent_name,
        max_call_count: r.max_call_count,
        organization_id: r.organization_id === null ? null : Number(r.organization_id),
        role_id: r.role_id === null ? null : Number(r.role_id),
        expired: r.expired ?? '',
        ext: r.ext,
        display_phone: r.display_phone,
        skillgroup_sn: r.skillgroup_sn,
        last_login_time: r.last_login_at ? formatDateTime(r.last_login_at, ctx.timezone) : '',
        wangwang: '',
        callin_project_sn: '',
        linkext: '',
        project_sn: '',
        sdzj_phone: '',
        sipname: '',
        yd_display_phone: '',
      })),
    };
  }

  /** 2.1.2: the new sub-account's concurrency may not exceed the team's licensed ai_count. */
  async createSubAccount(ctx: TenantContext, input: SubAccountInput) {
    if (input.password !== input.re_password) {
      throw new AppError(ErrorCode.WrongDataFormat, '两次输入的密码不一致');
    }
    const passwordHash = await hashPassword(input.password);
    return this.store.tenant(ctx.teamId, async (trx) => {
      await this.checkRefs(trx, ctx, input);
      const exists = await accountRepository.findForPasswordLogin(this.store.system, input.user_name);
      if (exists) throw new AppError(ErrorCode.Conflict, `用户名已存在: ${input.user_name}`);
      const org = await this.organizationOf(trx, input.organization_id ?? 0);
      const role =
        input.role_id === undefined ? null : await roleRepository.findById(trx, String(input.role_id));
      const account = await accountRepository.insert(trx, {
        team_id: ctx.teamId,
        sn: newSn('user'),
        user_name: input.user_name,
        password_hash: passwordHash,
        contact: input.contact,
        parent_id: ctx.accountId,
        role_id: role?.id ?? null,
        organization_id: org,
        job: input.job ?? role?.display_name ?? '',
        max_call_count: input.max_call_count,
      });
      return { id: Number(account.id), user_sn: account.sn, user_name: account.user_name };
    });
  }

  /** 2.1.4: identified by user_name; password fields optional (blank = unchanged). */
  async updateSubAccount(
    ctx: TenantContext,
    input: Partial<SubAccountInput> & { user_name: string },
  ): Promise<void> {
    if ((input.password ?? '') !== (input.re_password ?? '')) {
      throw new AppError(ErrorCode.WrongDataFormat, '两次输入的密码不一致');
    }
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    await this.store.tenant(ctx.teamId, async (trx) => {
      const account = await accountRepository.findByUserName(trx, input.user_name);
      if (!account || account.parent_id === null) {
        throw new AppError(ErrorCode.NotFound, `子账号不存在: ${input.user_name}`);
      }
      await this.checkRefs(trx, ctx, input);
      await accountRepository.update(trx, account.id, {
        contact: input.contact,
        password_hash: passwordHash,
        organization_id:
          input.organization_id === undefined
            ? undefined
            : await this.organizationOf(trx, input.organization_id),
        role_id: input.role_id === undefined ? undefined : String(input.role_id),
        max_call_count: input.max_call_count,
        job: input.job,
      });
    });
  }

  /** 2.1.3: names outside the team (or the main account) count as not allowed, never as deleted. */
  async deleteSubAccounts(ctx: TenantContext, userNames: string[]) {
    const unique = [...new Set(userNames)];
    const deleted = await this.store.tenant(ctx.teamId, (trx) =>
      accountRepository.deleteByUserNames(trx, unique),
    );
    return { success_num: deleted.length, not_allowed: unique.length - deleted.length, fail_num: 0 };
  }

  async listExtensions(ctx: TenantContext, p: Paging & { ext?: string }) {
    const { total, rows } = await this.store.tenant(ctx.teamId, (trx) =>
      extensionRepository.list(trx, { ext: p.ext, offset: p.pageIndex * p.pageSize, limit: p.pageSize }),
    );
    return {
      total,
      list: rows.map((r) => ({
        id: Number(r.id),
        ext: r.ext,
        status: r.status,
        user_name: r.user_name ?? '',
        user_sn: r.user_sn ?? '',
        created_at: formatDateTime(r.created_at, ctx.timezone),
      })),
    };
  }

  /** The organization row id to store: the given one, or the team's root organization for 0 ("none"). */
  private async organizationOf(trx: Tx, organizationId: number): Promise<string | null> {
    if (organizationId !== NO_ORGANIZATION) return String(organizationId);
    return (await orgRepository.firstOrganization(trx))?.id ?? null;
  }

  private async checkRefs(trx: Tx, ctx: TenantContext, input: Partial<SubAccountInput>): Promise<void> {
    if (input.role_id !== undefined && !(await roleRepository.findById(trx, String(input.role_id)))) {
      throw new AppError(ErrorCode.NotFound, `角色不存在: ${input.role_id}`);
    }
    if (
      input.organization_id !== undefined &&
      input.organization_id !== NO_ORGANIZATION &&
      !(await orgRepository.findOrganization(trx, String(input.organization_id)))
    ) {
      throw new AppError(ErrorCode.NotFound, `组织不存在: ${input.organization_id}`);
    }
    if (input.max_call_count !== undefined) {
      const team = await teamRepository.current(trx, ctx.teamId);
      if (input.max_call_count < 0 || input.max_call_count > team.ai_count) {
        throw new AppError(
          ErrorCode.WrongDataFormat,
          `max_call_count须在0到${team.ai_count}之间(账号AI坐席数)`,
        );
      }
    }
  }
}
