import { AppError, ErrorCode } from '../lib/app-error.js';
import { formatDateTime } from '../lib/clock.js';
import { accountRepository } from '../repositories/account.repository.js';
import { randomHex32 } from '../lib/hash.js';
import { skillGroupRepository, type SkillGroupValues } from '../repositories/org-and-skill.repository.js';
import type { Store } from '../repositories/store.js';
import type { Paging } from './account.service.js';
import type { TenantContext } from './tenant-context.js';

/** 2.3.1–2.3.4 skill groups (seat routing settings; kept for API compatibility and transfer-to-human). */
export class SkillGroupService {
  constructor(private readonly store: Store) {}

  async list(ctx: TenantContext, p: Paging & { name?: string }) {
    const { total, rows, owner } = await this.store.tenant(ctx.teamId, async (trx) => ({
      ...(await skillGroupRepository.list(trx, {
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
        sn: r.sn,
        skillgroup_sn: r.sn,
        skillgroup_name: r.name,
        skillgroup_caption: r.caption,
        strategy: String(r.strategy),
        skillgroup_all_busy: String(r.all_busy),
        skillgroup_no_agent: String(r.no_agent),
        percentage: r.percentage,
        group_record: r.group_record,
        // The rows belong to the team, so the same for every caller: the main account (compat-notes).
        parent_sn: owner,
        created_at: formatDateTime(r.created_at, ctx.timezone),
      })),
    };
  }

  create(ctx: TenantContext, v: SkillGroupValues) {
    const sn = `SKILLGROUP${randomHex32()}`;
    return this.store.tenant(ctx.teamId, async (trx) => {
      const row = await skillGroupRepository.insert(trx, sn, v);
      return { id: Number(row.id), skillgroup_sn: row.sn };
    });
  }

  update(ctx: TenantContext, sn: string, v: SkillGroupValues) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const r = await skillGroupRepository.update(trx, sn, v);
      if (r.numUpdatedRows === 0n) throw new AppError(ErrorCode.NotFound, `技能组不存在: ${sn}`);
    });
  }

  async remove(ctx: TenantContext, sns: string[]) {
    const unique = [...new Set(sns)];
    const n = await this.store.tenant(ctx.teamId, (trx) => skillGroupRepository.remove(trx, unique));
    return { success_num: n, fail_num: unique.length - n };
  }
}
