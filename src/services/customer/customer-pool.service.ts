// 6.7.x customer pools (公海/私海) as the API sees them: imports, the list, deleting from the public pool, giving up,
// transferring, collaborators; and the extension's take, follow-up notes, timeline and settings. Every operation
// is one tenant transaction; a request naming anything it may not touch fails as a whole and changes nothing.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { customerListRepository, type CustomerQuery } from '../../repositories/customer-list.repository.js';
import { customerRepository, type MoveAction } from '../../repositories/customer.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import type { UploadedImportFile } from '../import/uploaded-file.js';
import type { TenantContext } from '../tenant-context.js';
import { addJsonRows, importCustomerRows, uploadRows, type ImportCounts } from './customer-import.js';
import { phoneList, searchFilters, snList, teamAccounts, type CustomerSearch } from './customer-input.js';
import { pushEnteredPrivate } from './customer-push.js';
import { toCustomerItem, type CustomerItem } from './customer-view.js';

/** 6.7.1–6.7.4 answer: `fail` and `repeat` are strings in the reference's example. */
export interface ImportAnswer {
  total: number;
  success_count: number;
  fail: string;
  repeat: string;
}

export interface CustomerListInput {
  pageIndex: number;
  pageSize: number;
  isPrivate: number;
  data?: CustomerSearch;
}

const answer = (c: ImportCounts): ImportAnswer => ({
  total: c.total,
  success_count: c.success_count,
  fail: String(c.fail),
  repeat: String(c.repeat),
});

export class CustomerPoolService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: { readonly importMaxBytes: number },
  ) {}

  /** 6.7.1 (`add_json`) / 6.7.3 (upload): into the private pools of `user_sn_input`'s accounts, in turn. */
  async importPrivate(
    ctx: TenantContext,
    p: { add_json?: unknown; user_sn_input: string },
    files: readonly UploadedImportFile[],
  ): Promise<ImportAnswer> {
    const sns = snList(p.user_sn_input, 'user_sn_input');
    return this.#import(ctx, p.add_json, files, async (trx) => ({
      owners: await teamAccounts(trx, sns),
      followSetId: -1,
      autoIgnore: 1,
    }));
  }

  /** 6.7.2 (`add_json`) / 6.7.4 (upload, `follow_set_id`): into the public pool. */
  async importPublic(
    ctx: TenantContext,
    p: { add_json?: unknown; auto_ignore: number; follow_set_id?: number },
    files: readonly UploadedImportFile[],
  ): Promise<ImportAnswer> {
    if (p.auto_ignore !== 0 && p.auto_ignore !== 1) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: auto_ignore: 须为1或0');
    }
    const followSetId = p.follow_set_id ?? -1;
    if (![0, -1, -2].includes(followSetId)) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: follow_set_id: 须为0、-1或-2');
    }
    return this.#import(ctx, p.add_json, files, () =>
      Promise.resolve({ owners: [], followSetId, autoIgnore: p.auto_ignore }),
    );
  }

  async #import(
    ctx: TenantContext,
    addJson: unknown,
    files: readonly UploadedImportFile[],
    target: (
      trx: Tx,
    ) => Promise<{ owners: { id: string; sn: string }[]; followSetId: number; autoIgnore: number }>,
  ): Promise<ImportAnswer> {
    const file = files.find((f) => f.field === 'upload') ?? files[0];
    // Parse a JSON body before opening a transaction: malformed add_json fails fast.
    const jsonRows = file ? undefined : addJsonRows(addJson);
    const now = this.clock.now();
    return this.store.tenant(ctx.teamId, async (trx) => {
      const t = await target(trx);
      const { private_cap } = await customerListRepository.settings(trx);
      const full = { ...t, cap: private_cap, actorId: ctx.accountId };
      if (jsonRows) return answer(await importCustomerRows(trx, ctx.teamId, jsonRows, full, now));
      const upload = await uploadRows(file!, this.limits.importMaxBytes);
      try {
        return answer(await importCustomerRows(trx, ctx.teamId, upload.rows, full, now));
      } finally {
        await upload.close();
      }
    });
  }

  /** 6.7.5: `{total, list}` of one pool, newest change first. */
  async list(ctx: TenantContext, p: CustomerListInput): Promise<{ total: number; list: CustomerItem[] }> {
    if (p.isPrivate !== 0 && p.isPrivate !== 1) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: isPrivate: 须为1(私海)或0(公海)');
    }
    const search = p.data ?? {};
    return this.store.tenant(ctx.teamId, async (trx) => {
      const q: CustomerQuery = {
        pool: p.isPrivate === 1 ? 'private' : 'public',
        ...searchFilters(search, ctx.timezone),
      };
      if (q.pool === 'private') {
        if (!ctx.isMain) Object.assign(q, { viewer: ctx.accountId });
        const owners = snList(search.user_sn, 'data.user_sn', true);
        if (owners.length > 0) {
          Object.assign(q, { owners: (await teamAccounts(trx, owners)).map((a) => a.id) });
        }
      }
      const { total, rows } = await customerListRepository.list(trx, q, {
        offset: p.pageIndex * p.pageSize,
        limit: p.pageSize,
      });
      return { total, list: rows.map((r) => toCustomerItem(r, ctx.timezone)) };
    });
  }

  /** 6.7.6: deletes public-pool customers; phones not in the public pool count as `fail`. */
  async deleteOpen(ctx: TenantContext, p: { phone: string }): Promise<{ success: number; fail: number }> {
    const phones = phoneList(p.phone);
    const now = this.clock.now();
    return this.store.tenant(ctx.teamId, async (trx) => {
      const found = (await customerRepository.byPhones(trx, phones, true)).filter((c) => c.owner_id === null);
      await customerRepository.deleteByIds(
        trx,
        found.map((c) => c.id),
      );
      await this.#audit(trx, ctx, 'delete', found, () => null, now);
      return { success: found.length, fail: phones.length - found.length };
    });
  }

  /** 6.7.7: the caller's private customers (any private customer for a main account) back to the public pool. */
  async giveUp(ctx: TenantContext, p: { phone: string }): Promise<void> {
    const phones = phoneList(p.phone);
    const now = this.clock.now();
    await this.store.tenant(ctx.teamId, async (trx) => {
      const mine = await this.#ownedByCaller(trx, ctx, phones);
      const moved = await customerRepository.moveOwner(
        trx,
        mine.map((c) => c.id),
        'any-private',
        null,
        now,
      );
      await this.#audit(trx, ctx, 'give_up', mine, () => null, now);
      return moved;
    });
  }

  /** 6.7.8: the caller's private customers to another account's private pool (its cap applies). */
  async transfer(ctx: TenantContext, p: { phone: string; user_sn_input: string }): Promise<void> {
    const phones = phoneList(p.phone);
    const [toSn] = snList(p.user_sn_input, 'user_sn_input');
    if (snList(p.user_sn_input, 'user_sn_input').length > 1) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: user_sn_input: 只能转让给一个账号');
    }
    const now = this.clock.now();
    await this.store.tenant(ctx.teamId, async (trx) => {
      const [to] = await teamAccounts(trx, [toSn!]);
      await customerRepository.lockOwners(trx, [to!.id]);
      const mine = (await this.#ownedByCaller(trx, ctx, phones)).filter((c) => c.owner_id !== to!.id);
      await this.#checkCap(trx, to!.id, mine.length);
      const from = new Map(mine.map((c) => [c.id, c.owner_id]));
      const moved = await customerRepository.moveOwner(
        trx,
        mine.map((c) => c.id),
        'any-private',
        to!.id,
        now,
      );
      await this.#audit(trx, ctx, 'transfer', moved, () => to!.id, now, from);
      const sns = await this.#snsOf(trx, [...from.values()]);
      await pushEnteredPrivate(
        trx,
        ctx.teamId,
        'transfer',
        moved.map((m) => ({ id: m.id, fromOwnerSn: sns.get(from.get(m.id) ?? '') ?? '' })),
      );
    });
  }

  /** 6.7.9: replaces the collaborators (协同) of one of the caller's private customers; '' clears them. */
  async updateFollowUser(ctx: TenantContext, p: { phone: string; follow_user_sn?: string }): Promise<void> {
    const phones = phoneList(p.phone);
    const sns = snList(p.follow_user_sn, 'follow_user_sn', true);
    const now = this.clock.now();
    await this.store.tenant(ctx.teamId, async (trx) => {
      const accounts = await teamAccounts(trx, sns);
      for (const c of await this.#ownedByCaller(trx, ctx, phones)) {
        const ids = accounts.map((a) => a.id).filter((id) => id !== c.owner_id);
        await customerRepository.setCollaborators(trx, c.id, ids);
        await customerRepository.recordMoves(trx, [
          {
            customer_id: c.id,
            phone: c.phone,
            action: 'collaborators',
            from_owner_id: c.owner_id,
            to_owner_id: c.owner_id,
            actor_id: ctx.accountId,
            detail: accounts.map((a) => a.user_name).join(','),
            created_at: now,
          },
        ]);
      }
    });
  }

  /**
   * Extension: takes public-pool customers into the caller's private pool. First come, first served: the move is
   * conditional on the customer still being public, so of many parallel takers exactly one wins; the others get
   * 40009. The caller's cap is checked under a per-owner lock.
   */
  async take(ctx: TenantContext, p: { phone: string }): Promise<{ success: number }> {
    const phones = phoneList(p.phone);
    const now = this.clock.now();
    return this.store.tenant(ctx.teamId, async (trx) => {
      const found = await customerRepository.byPhones(trx, phones);
      if (found.length < phones.length) {
        const missing = phones.find((ph) => !found.some((c) => c.phone === ph));
        throw new AppError(ErrorCode.NotFound, `客户不存在: ${missing}`);
      }
      await customerRepository.lockOwners(trx, [ctx.accountId]);
      await this.#checkCap(trx, ctx.accountId, found.length);
      const moved = await customerRepository.moveOwner(
        trx,
        found.map((c) => c.id),
        { owner: null },
        ctx.accountId,
        now,
      );
      if (moved.length < found.length) {
        throw new AppError(ErrorCode.Conflict, '客户已被领取或不在公海中', { success: 0 });
      }
      await this.#audit(trx, ctx, 'take', moved, () => ctx.accountId, now);
      await pushEnteredPrivate(
        trx,
        ctx.teamId,
        'take',
        moved.map((m) => ({ id: m.id })),
      );
      return { success: moved.length };
    });
  }

  /** Customers among `phones` in the caller's private pool (any private one for a main account); else 40004. */
  async #ownedByCaller(trx: Tx, ctx: TenantContext, phones: readonly string[]) {
    const found = await customerRepository.byPhones(trx, phones, true);
    for (const phone of phones) {
      const c = found.find((x) => x.phone === phone);
      if (!c || c.owner_id === null || (!ctx.isMain && c.owner_id !== ctx.accountId)) {
        throw new AppError(ErrorCode.NotFound, `私海中没有该客户: ${phone}`);
      }
    }
    return found;
  }

  /**
   * 40029 when `adding` more customers would exceed the team's private-pool cap for `ownerId`. The caller holds
   * the owner's lock, taken before any customer row lock (the order every path keeps).
   */
  async #checkCap(trx: Tx, ownerId: string, adding: number): Promise<void> {
    const { private_cap } = await customerListRepository.settings(trx);
    if (private_cap === 0 || adding === 0) return;
    const held = await customerRepository.privateCount(trx, ownerId);
    if (held + adding > private_cap) {
      throw new AppError(ErrorCode.LimitExceeded, `私海客户已达上限(${private_cap})`, { private_cap, held });
    }
  }

  async #snsOf(trx: Tx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const list = [...new Set(ids.filter((x): x is string => x !== null))];
    if (list.length === 0) return new Map();
    const rows = await trx.selectFrom('accounts').select(['id', 'sn']).where('id', 'in', list).execute();
    return new Map(rows.map((r) => [r.id, r.sn]));
  }

  async #audit(
    trx: Tx,
    ctx: TenantContext,
    action: MoveAction,
    customers: readonly { id: string; phone: string; owner_id: string | null }[],
    to: (c: { owner_id: string | null }) => string | null,
    now: Date,
    from?: ReadonlyMap<string, string | null>,
  ): Promise<void> {
    await customerRepository.recordMoves(
      trx,
      customers.map((c) => ({
        customer_id: action === 'delete' ? null : c.id,
        phone: c.phone,
        action,
        from_owner_id: from ? (from.get(c.id) ?? null) : c.owner_id,
        to_owner_id: to(c),
        actor_id: ctx.accountId,
        detail: '',
        created_at: now,
      })),
    );
  }
}
