import { AppError, ErrorCode } from '../../lib/app-error.js';
import { formatDateTime, type Clock } from '../../lib/clock.js';
import { lineRepository, type LinePatch, type LineRow } from '../../repositories/line.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import type { TenantContext } from '../tenant-context.js';

/** Validates a line kind's config JSON (throws AppError listing problems); supplied by app/ per kind. */
export type LineConfigValidator = (config: unknown) => unknown;

/** Config fields holding secrets: sealed before they are stored, never returned. */
const SECRET_FIELDS = ['password'] as const;
/** Prefix of a sealed value in a line config. */
export const SEALED_PREFIX = 'sealed:';
const SECRET_MASK = '******';

/** Seals secrets for storage (app/ passes the SecretBox). */
export interface LineSecrets {
  seal(plain: string): string;
}

/** 拨打测试: one call to a number on a configured line, and what became of it. */
export type LineDialTest = (
  line: { id: string; kind: 'simulator' | 'sip'; caller: string; config: Record<string, unknown> },
  phone: string,
) => Promise<Record<string, unknown>>;

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
    private readonly secrets?: LineSecrets,
    private readonly dialTest?: LineDialTest,
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
      if (input.config !== undefined) patch.config = this.#config(current.kind, input.config, current.config);
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

  /** 拨打测试: places one call to `phone` on the line and reports its result (SIP status included). */
  async testCall(ctx: TenantContext, lineId: string, phone: string) {
    const number = phone.replace(/[\s-]/g, '');
    if (!/^\+?\d{3,20}$/.test(number)) {
      throw new AppError(ErrorCode.WrongDataFormat, `号码格式错误: ${phone}`);
    }
    const row = await this.store.tenant(ctx.teamId, (trx) => this.#find(trx, lineId));
    if (!this.dialTest) throw new AppError(ErrorCode.WrongDataFormat, '本节点未启用外呼,无法测试线路');
    return this.dialTest({ id: row.id, kind: row.kind, caller: row.caller, config: row.config }, number);
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
    if ((kind !== 'simulator' && kind !== 'sip') || !this.validators[kind]) {
      throw new AppError(ErrorCode.WrongDataFormat, `未知的线路类型: ${kind}`);
    }
    return kind;
  }

  /** Validates, then seals secrets; a secret left out of an update keeps its stored value. */
  #config(
    kind: string,
    config: Record<string, unknown>,
    current?: Record<string, unknown>,
  ): Record<string, unknown> {
    const validate = this.validators[kind];
    if (!validate) throw new AppError(ErrorCode.WrongDataFormat, `未知的线路类型: ${kind}`);
    const out = { ...config };
    for (const field of SECRET_FIELDS) {
      const kept = current?.[field];
      // Left out, or sent back as the mask the list shows: keep the stored secret.
      if ((out[field] === undefined || out[field] === SECRET_MASK) && typeof kept === 'string') {
        out[field] = kept;
      }
    }
    // Validated with secrets in clear (a kept sealed value stands in for a valid one).
    validate(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, isSealed(v) ? '' : v])));
    for (const field of SECRET_FIELDS) {
      const value = out[field];
      if (typeof value === 'string' && value !== '' && !isSealed(value)) {
        if (!this.secrets) throw new AppError(ErrorCode.WrongDataFormat, '无法保存密码');
        out[field] = SEALED_PREFIX + this.secrets.seal(value);
      }
    }
    return out; // stored as given (defaults stay implicit), secrets sealed
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
    config: withoutSecrets(r.config),
    created_at: formatDateTime(r.created_at, timezone),
    updated_at: formatDateTime(r.updated_at, timezone),
  };
}

const isSealed = (v: unknown): boolean => typeof v === 'string' && v.startsWith(SEALED_PREFIX);

/** A config as shown: secrets replaced by a mark saying whether one is set. */
function withoutSecrets(config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const field of SECRET_FIELDS) if (field in out) out[field] = out[field] ? SECRET_MASK : '';
  return out;
}
