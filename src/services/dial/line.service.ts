import { AppError, ErrorCode } from '../../lib/app-error.js';
import { formatDateTime, type Clock } from '../../lib/clock.js';
import { lineRepository, type LinePatch, type LineRow } from '../../repositories/line.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';

/** Validates a line kind's config JSON (throws AppError listing problems); supplied by app/ per kind. */
export type LineConfigValidator = (config: unknown) => unknown;

export interface LineInput {
  name?: string;
  kind?: string;
  caller?: string;
  capacity?: number;
  /** Calls per second; 0 or null = no limit. */
  cps?: number | null;
  config?: Record<string, unknown>;
  is_default?: number;
}

/** The line every new tenant starts with: the carrier simulator, so nothing real is dialed. */
export const SANDBOX_LINE = {
  name: '沙箱线路(模拟器,不拨打真实电话)',
  capacity: 30,
  cps: 5,
} as const;

const MAX_CAPACITY = 10_000;
const MAX_CPS = 1_000;

/** Lines (线路) as configured data: list, create, update, set down/up (ext API), and the sandbox seeder. */
export class LineService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly validators: Readonly<Record<string, LineConfigValidator>>,
  ) {}

  /** The tenant's lines with their calls in progress. */
  async list(ctx: TenantContext) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const [rows, active] = await Promise.all([lineRepository.list(trx), lineRepository.activeByLine(trx)]);
      return { total: rows.length, list: rows.map((r) => toWire(r, ctx.timezone, active.get(r.id) ?? 0)) };
    });
  }

  async create(ctx: TenantContext, input: LineInput) {
    const kind = input.kind ?? 'simulator';
    const name = (input.name ?? '').trim();
    if (!name) throw new AppError(ErrorCode.WrongDataFormat, '线路名称不能为空');
    const values = {
      name,
      kind: this.#kind(kind),
      caller: (input.caller ?? '').trim(),
      capacity: checkCapacity(input.capacity ?? SANDBOX_LINE.capacity),
      cps: checkCps(input.cps),
      config: this.#config(kind, input.config ?? {}),
      is_default: input.is_default === 1,
      sandbox: false,
    };
    return this.store.tenant(ctx.teamId, async (trx) => {
      const first = (await lineRepository.list(trx)).length === 0;
      // One default per team (a unique index): the old default steps down first.
      if (values.is_default) await lineRepository.clearDefault(trx, null);
      const row = await lineRepository.insert(trx, { ...values, is_default: values.is_default || first });
      return toWire(row, ctx.timezone, 0);
    });
  }

  async update(ctx: TenantContext, lineId: string, input: LineInput) {
    return this.store.tenant(ctx.teamId, async (trx) => {
      const current = await this.#find(trx, lineId);
      if (input.kind !== undefined && input.kind !== current.kind) {
        throw new AppError(ErrorCode.WrongDataFormat, '线路类型不能修改,请新建线路');
      }
      const patch: LinePatch = {};
      if (input.name !== undefined) {
        if (!input.name.trim()) throw new AppError(ErrorCode.WrongDataFormat, '线路名称不能为空');
        patch.name = input.name.trim();
      }
      if (input.caller !== undefined) patch.caller = input.caller.trim();
      if (input.capacity !== undefined) patch.capacity = checkCapacity(input.capacity);
      if (input.cps !== undefined) patch.cps = checkCps(input.cps);
      if (input.config !== undefined) patch.config = this.#config(current.kind, input.config);
      if (input.is_default === 1) patch.is_default = true;
      if (patch.is_default) await lineRepository.clearDefault(trx, lineId);
      const row = await lineRepository.update(trx, lineId, patch, this.clock.now());
      if (!row) throw new AppError(ErrorCode.NotFound, '线路不存在');
      return toWire(row, ctx.timezone, 0);
    });
  }

  /**
   * Takes a line down (the dialer pauses the tasks on it, with the reason) or brings it back up. Tasks paused
   * because of it stay paused until resumed (5.2 keepOn): an operator decides when calling starts again.
   */
  async setStatus(ctx: TenantContext, lineId: string, status: 'up' | 'down', reason = '') {
    return this.store.tenant(ctx.teamId, async (trx) => {
      await this.#find(trx, lineId);
      const row = await lineRepository.update(
        trx,
        lineId,
        { status, status_reason: status === 'down' ? reason.trim() || '人工停用' : '' },
        this.clock.now(),
      );
      return toWire(row as LineRow, ctx.timezone, 0);
    });
  }

  /** Tenant seeder: the clearly labelled sandbox line on the simulator, default for the team. */
  async seedSandbox(trx: Tx): Promise<void> {
    await lineRepository.insert(trx, {
      name: SANDBOX_LINE.name,
      kind: 'simulator',
      caller: '',
      capacity: SANDBOX_LINE.capacity,
      cps: SANDBOX_LINE.cps,
      config: {},
      is_default: true,
      sandbox: true,
    });
  }

  async #find(trx: Tx, lineId: string): Promise<LineRow> {
    const row = /^\d+$/.test(lineId) ? await lineRepository.find(trx, lineId) : undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `线路不存在: ${lineId}`);
    return row;
  }

  #kind(kind: string): 'simulator' | 'sip' {
    if (kind === 'sip') throw new AppError(ErrorCode.WrongDataFormat, '暂不支持SIP线路');
    if (kind !== 'simulator' || !this.validators[kind]) {
      throw new AppError(ErrorCode.WrongDataFormat, `未知的线路类型: ${kind}`);
    }
    return kind;
  }

  #config(kind: string, config: Record<string, unknown>): Record<string, unknown> {
    const validate = this.validators[kind];
    if (!validate) throw new AppError(ErrorCode.WrongDataFormat, `未知的线路类型: ${kind}`);
    validate(config); // throws with every problem listed; the input is stored as given (defaults stay implicit)
    return config;
  }
}

function checkCapacity(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CAPACITY) {
    throw new AppError(ErrorCode.WrongDataFormat, `capacity须为1到${MAX_CAPACITY}的整数`);
  }
  return n;
}

function checkCps(n: number | null | undefined): number | null {
  if (n === undefined || n === null || n === 0) return null;
  if (!Number.isFinite(n) || n < 0 || n > MAX_CPS) {
    throw new AppError(ErrorCode.WrongDataFormat, `cps须为0到${MAX_CPS}之间的数(0为不限)`);
  }
  return n;
}

function toWire(r: LineRow, timezone: string, active: number) {
  return {
    line_id: Number(r.id),
    name: r.name,
    kind: r.kind,
    caller: r.caller,
    capacity: r.capacity,
    cps: r.cps ?? 0,
    status: r.status,
    status_reason: r.status_reason,
    is_default: r.is_default ? 1 : 0,
    sandbox: r.sandbox ? 1 : 0,
    active,
    config: r.config,
    created_at: formatDateTime(r.created_at, timezone),
    updated_at: formatDateTime(r.updated_at, timezone),
  };
}
