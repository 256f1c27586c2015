// Extension endpoints around one customer and the pool rules: follow-up notes, the customer's timeline (calls,
// notes, moves), the team's pool settings and a task's pre-screening.
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { customerListRepository, type CustomerRow } from '../../repositories/customer-list.repository.js';
import { customerRepository } from '../../repositories/customer.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';
import { phoneList } from './customer-input.js';
import {
  MOVE_LABELS,
  mergeTimeline,
  toCustomerItem,
  type CustomerItem,
  type TimelineEntry,
} from './customer-view.js';
import { parseGrades, parsePool, type PoolName } from './prescreen-rules.js';

export interface PoolSettings {
  prescreen_grades: string[];
  prescreen_pool: PoolName;
  auto_give_up_days: number;
  private_cap: number;
}

/** Calls shown on a timeline (newest first). */
const TIMELINE_CALLS = 200;
const MAX_NOTE = 2000;

export class CustomerFollowService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Adds a follow-up note (跟进记录); it also restarts the automatic give-up clock. */
  async addNote(ctx: TenantContext, p: { phone: string; content: string }): Promise<void> {
    const [phone] = phoneList(p.phone);
    const body = p.content.trim();
    if (body === '' || body.length > MAX_NOTE) {
      throw new AppError(ErrorCode.WrongDataFormat, `参数错误: content: 须为1–${MAX_NOTE}个字符`);
    }
    await this.store.tenant(ctx.teamId, async (trx) => {
      const c = await this.#visible(trx, ctx, phone!);
      await customerRepository.addNote(trx, {
        customerId: c.id,
        accountId: ctx.accountId,
        body,
        at: this.clock.now(),
      });
    });
  }

  /** One customer with its timeline: every call of the phone (grade, recording), notes and moves. */
  async detail(
    ctx: TenantContext,
    p: { phone: string },
  ): Promise<{ customer: CustomerItem; timeline: TimelineEntry[] }> {
    const [phone] = phoneList(p.phone);
    return this.store.tenant(ctx.teamId, async (trx) => {
      const c = await this.#visible(trx, ctx, phone!);
      const calls = await customerListRepository.calls(trx, phone!, TIMELINE_CALLS);
      const notes = await customerListRepository.notes(trx, c.id);
      const moves = await customerListRepository.moves(trx, phone!);
      const last = calls[0]?.started_at ?? null;
      const customer = toCustomerItem({ ...c, call_count: calls.length, last_call_at: last }, ctx.timezone);
      const timeline = mergeTimeline(
        [
          ...calls.map((r) => ({
            at: r.started_at,
            rank: 1,
            entry: {
              type: 'call' as const,
              accounts_sn: r.sn,
              dial_task_main_sn: r.task_sn ?? '',
              task_name: r.task_name ?? '',
              result: r.result,
              talktimes: r.talktimes,
              status: r.grade,
              status_manual: r.status_manual,
              recordfile: r.recordfile ?? '',
            },
          })),
          ...notes.map((n) => ({
            at: n.created_at,
            rank: 0,
            entry: {
              type: 'note' as const,
              content: n.body,
              user_sn: n.user_sn ?? '',
              user_name: n.user_name ?? '',
            },
          })),
          ...moves.map((m) => ({
            at: m.created_at,
            rank: 2,
            entry: {
              type: 'move' as const,
              action: m.action,
              action_name: MOVE_LABELS[m.action] ?? m.action,
              from_user_sn: m.from_user_sn ?? '',
              from_user_name: m.from_user_name ?? '',
              to_user_sn: m.to_user_sn ?? '',
              to_user_name: m.to_user_name ?? '',
              operator: m.actor_name ?? '系统',
              detail: m.detail,
            },
          })),
        ],
        ctx.timezone,
      );
      return { customer, timeline };
    });
  }

  getSettings(ctx: TenantContext): Promise<PoolSettings> {
    return this.store.tenant(ctx.teamId, (trx) => customerListRepository.settings(trx));
  }

  /** Saves the given settings (main account only: they bind every sub-account). */
  async setSettings(
    ctx: TenantContext,
    p: {
      prescreen_grades?: unknown;
      prescreen_pool?: string;
      auto_give_up_days?: number;
      private_cap?: number;
    },
  ): Promise<PoolSettings> {
    if (!ctx.isMain) throw new AppError(ErrorCode.NoPermission, '只有主账号可以修改客户池规则');
    const days = p.auto_give_up_days;
    if (days !== undefined && (days < 0 || days > 3650)) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: auto_give_up_days: 须为0–3650(0=不自动放弃)');
    }
    const cap = p.private_cap;
    if (cap !== undefined && (cap < 0 || cap > 10_000_000)) {
      throw new AppError(ErrorCode.WrongDataFormat, '参数错误: private_cap: 须为0–10000000(0=不限)');
    }
    const grades = p.prescreen_grades === undefined ? undefined : parseGrades(p.prescreen_grades);
    const pool = p.prescreen_pool === undefined ? undefined : parsePool(p.prescreen_pool);
    return this.store.tenant(ctx.teamId, async (trx) => {
      const next = { ...(await customerListRepository.settings(trx)) };
      if (grades) next.prescreen_grades = grades;
      if (pool) next.prescreen_pool = pool;
      if (days !== undefined) next.auto_give_up_days = days;
      if (cap !== undefined) next.private_cap = cap;
      await trx
        .insertInto('customer_pool_settings')
        .values({ ...next, updated_at: this.clock.now() })
        .onConflict((oc) => oc.column('team_id').doUpdateSet({ ...next, updated_at: this.clock.now() }))
        .execute();
      return next;
    });
  }

  /** A task's own pre-screening (grades and pool), overriding the team default; `inherit` removes it. */
  async setTaskPrescreen(
    ctx: TenantContext,
    p: { dial_task_main_sn: string; prescreen_grades?: unknown; prescreen_pool?: string; inherit?: number },
  ): Promise<{
    dial_task_main_sn: string;
    prescreen_grades: string[];
    prescreen_pool: PoolName;
    inherited: boolean;
  }> {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const task = await trx
        .selectFrom('tasks')
        .select(['id', 'sn', 'account_id', 'operator_id'])
        .where('sn', '=', p.dial_task_main_sn.trim())
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const mine =
        task && (ctx.isMain || task.account_id === ctx.accountId || task.operator_id === ctx.accountId);
      if (!task || !mine) throw new AppError(ErrorCode.NotFound, `任务不存在: ${p.dial_task_main_sn}`);
      if (p.inherit === 1) {
        await trx.deleteFrom('task_prescreen').where('task_id', '=', task.id).execute();
        const team = await customerListRepository.settings(trx);
        return {
          dial_task_main_sn: task.sn,
          prescreen_grades: team.prescreen_grades,
          prescreen_pool: team.prescreen_pool,
          inherited: true,
        };
      }
      const grades = parseGrades(p.prescreen_grades ?? '');
      const pool = parsePool(p.prescreen_pool ?? 'private');
      await trx
        .insertInto('task_prescreen')
        .values({ task_id: task.id, grades, pool, updated_at: this.clock.now() })
        .onConflict((oc) => oc.column('task_id').doUpdateSet({ grades, pool, updated_at: this.clock.now() }))
        .execute();
      return { dial_task_main_sn: task.sn, prescreen_grades: grades, prescreen_pool: pool, inherited: false };
    });
  }

  /** The customer if the caller may see it: public ones, and private ones it owns or collaborates on (main: all). */
  async #visible(trx: Tx, ctx: TenantContext, phone: string): Promise<CustomerRow> {
    const c = await customerListRepository.byPhone(trx, phone);
    const sees =
      c !== undefined &&
      (ctx.isMain ||
        c.owner_id === null ||
        c.owner_id === ctx.accountId ||
        c.collaborators.some((a) => a.user_sn === ctx.accountSn));
    if (!sees) throw new AppError(ErrorCode.NotFound, `客户不存在: ${phone}`);
    return c;
  }
}
