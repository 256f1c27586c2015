import { AppError, ErrorCode } from '../lib/app-error.js';
import type { Store } from '../repositories/store.js';
import { teamRepository } from '../repositories/team.repository.js';
import type { TenantContext } from './tenant-context.js';

export interface CallbackInput {
  open_callback: number;
  callback_url?: string;
  task_callback_url?: string;
}

/** Checks a callback URL; returns the problem in Chinese, or undefined when acceptable. */
export type CallbackUrlCheck = (url: string) => string | undefined;

/** 9.1 the team's push destinations (6.6.1 call records → callback_url, 5.7.15 imports → task_callback_url). */
export class CallbackSettingsService {
  constructor(
    private readonly store: Store,
    private readonly checkUrl: CallbackUrlCheck,
  ) {}

  async set(ctx: TenantContext, input: CallbackInput): Promise<void> {
    if (input.open_callback !== 0 && input.open_callback !== 1) {
      throw new AppError(ErrorCode.WrongDataFormat, 'open_callback只能为0或1');
    }
    for (const [field, url] of [
      ['callback_url', input.callback_url],
      ['task_callback_url', input.task_callback_url],
    ] as const) {
      if (url === undefined || url === '') continue;
      const problem = this.checkUrl(url);
      if (problem) throw new AppError(ErrorCode.WrongDataFormat, `${field}: ${problem}`);
    }
    if (input.open_callback === 1 && !input.callback_url) {
      throw new AppError(ErrorCode.WrongDataFormat, '开启推送时callback_url不能为空');
    }
    await this.store.tenant(ctx.teamId, (trx) =>
      teamRepository.setCallbacks(trx, ctx.teamId, {
        open_callback: input.open_callback,
        callback_url: input.callback_url ?? null,
        ...(input.task_callback_url === undefined
          ? {}
          : { task_callback_url: input.task_callback_url || null }),
      }),
    );
  }

  async get(ctx: TenantContext) {
    const team = await this.store.tenant(ctx.teamId, (trx) => teamRepository.current(trx, ctx.teamId));
    return {
      open_callback: team.open_callback,
      callback_url: team.callback_url ?? '',
      task_callback_url: team.task_callback_url ?? '',
    };
  }
}
