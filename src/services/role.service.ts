import { AppError, ErrorCode } from '../lib/app-error.js';
import { formatDateTime } from '../lib/clock.js';
import { accountRepository } from '../repositories/account.repository.js';
import { roleRepository } from '../repositories/role.repository.js';
import type { Store, Tx } from '../repositories/store.js';
import type { Paging } from './account.service.js';
import type { TenantContext } from './tenant-context.js';

/** 3.1–3.6 roles and the permission tree. */
export class RoleService {
  constructor(private readonly store: Store) {}

  /** 3.1: the whole catalogue, `checked` = 1 where the role holds the permission. Role id 0 (no role has it)
   * asks for the bare catalogue, nothing checked: what a role being created starts from (compat-notes). */
  permissionTree(ctx: TenantContext, roleId: number) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const held = new Set(roleId === 0 ? [] : await this.heldBy(trx, roleId));
      const all = await roleRepository.catalogue(trx);
      return {
        total: all.length,
        data: all.map((p) => ({
          id: p.id,
          display_name: p.display_name,
          parent_id: p.parent_id,
          checked: held.has(p.id) ? 1 : 0,
        })),
      };
    });
  }

  async list(ctx: TenantContext, p: Paging & { name?: string }) {
    const { total, rows, owner } = await this.store.tenant(ctx.teamId, async (trx) => ({
      ...(await roleRepository.list(trx, {
        name: p.name,
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      })),
      owner: await accountRepository.mainUserName(trx),
    }));
    return {
      total,
      data: rows.map((r) => ({
        id: Number(r.id),
        name: r.name,
        display_name: r.display_name,
        description: r.description,
        // The rows belong to the team, so the same for every caller: the main account (compat-notes).
        parent_sn: owner,
        created_at: formatDateTime(r.created_at, ctx.timezone),
        updated_at: formatDateTime(r.updated_at, ctx.timezone),
      })),
    };
  }

  /** 3.3 */
  create(
    ctx: TenantContext,
    input: { name: string; display_name?: string; description?: string; permission: number[] },
  ) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      await this.checkPermissionIds(trx, input.permission);
      const role = await roleRepository.insert(trx, {
        name: input.name,
        display_name: input.display_name ?? input.name,
        description: input.description ?? '',
      });
      await roleRepository.setPermissions(trx, role.id, input.permission);
      return { id: Number(role.id) };
    });
  }

  /** 3.4 */
  update(
    ctx: TenantContext,
    input: { id: number; description?: string; display_name?: string; name?: string; permission: number[] },
  ) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      await this.requireRole(trx, input.id);
      await this.checkPermissionIds(trx, input.permission);
      await roleRepository.update(trx, String(input.id), {
        description: input.description,
        display_name: input.display_name,
        name: input.name,
      });
      await roleRepository.setPermissions(trx, String(input.id), input.permission);
    });
  }

  /** 3.5: not enveloped in the reference. */
  detail(ctx: TenantContext, id: number) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const role = await this.requireRole(trx, id);
      const all = await roleRepository.catalogue(trx);
      const grouped: Record<string, unknown[]> = {};
      for (const p of all) {
        (grouped[String(p.parent_id)] ??= []).push({
          id: p.id,
          name: p.name,
          display_name: p.display_name,
          parent_id: p.parent_id,
          menu_type: p.menu_type,
          icon: p.icon,
          description: 1,
        });
      }
      return {
        name: role.name,
        display_name: role.display_name,
        description: role.description,
        perms: await roleRepository.permissionIds(trx, role.id),
        permissionAll: grouped,
        id: Number(role.id),
      };
    });
  }

  /** 3.6: a role still assigned to an account cannot be deleted. */
  remove(ctx: TenantContext, id: number) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      await this.requireRole(trx, id);
      const inUse = await trx
        .selectFrom('accounts')
        .select('id')
        .where('role_id', '=', String(id))
        .executeTakeFirst();
      if (inUse) throw new AppError(ErrorCode.Conflict, '该角色下还有账号,不能删除');
      await roleRepository.remove(trx, String(id));
    });
  }

  private async heldBy(trx: Tx, roleId: number): Promise<number[]> {
    await this.requireRole(trx, roleId);
    return roleRepository.permissionIds(trx, String(roleId));
  }

  private async requireRole(trx: Tx, id: number) {
    const role = await roleRepository.findById(trx, String(id));
    if (!role) throw new AppError(ErrorCode.NotFound, `角色不存在: ${id}`);
    return role;
  }

  private async checkPermissionIds(trx: Tx, ids: number[]): Promise<void> {
    const known = new Set((await roleRepository.catalogue(trx)).map((p) => p.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError(ErrorCode.WrongDataFormat, `权限id不存在: ${unknown.join(',')}`);
    }
  }
}
