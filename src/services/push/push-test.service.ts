// 6.6.2 推送测试报文: sends one sample call record (call-record/record-payload.ts, the 6.1 mapper) to the team's callback_url, or to a URL
// given in the request, once and synchronously, signed like every push, and reports what came back. Never
// retried and never stored in the outbox: it is a probe for the operator setting up a receiver.
import { randomUUID } from 'node:crypto';
import type { CallbackSender } from '../../clients/callback/callback-sender.js';
import { validateCallbackUrl } from '../../clients/callback/callback-url.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { AllowList } from '../../lib/ip-range.js';
import { buildWebhookHeaders } from '../../lib/webhook-signature.js';
import { accountRepository } from '../../repositories/account.repository.js';
import type { Store, Tx } from '../../repositories/store.js';
import { teamRepository } from '../../repositories/team.repository.js';
import { sampleRecordPayload } from '../call-record/record-payload.js';
import type { TenantContext } from '../tenant-context.js';
import { judgeAttempt } from './policy/attempt-verdict.js';
import { PushKind } from './policy/push-kind.js';
import type { PushSigningSecrets } from './signing-secrets.js';

/** Sends the 6.6.2 sample push and reports the receiver's answer. */
export class PushTestService {
  constructor(
    private readonly store: Store,
    private readonly sender: CallbackSender,
    private readonly signing: PushSigningSecrets,
    private readonly allowList: AllowList,
    private readonly clock: Clock,
  ) {}

  async send(ctx: TenantContext, p: { callback_url?: string }) {
    const { team, parent } = await this.store.tenant(ctx.teamId, async (trx) => ({
      team: await teamRepository.current(trx, ctx.teamId),
      parent: await this.#parentName(trx, ctx),
    }));
    const url = p.callback_url?.trim() || team.callback_url || '';
    if (!url) {
      throw new AppError(
        ErrorCode.WrongDataFormat,
        '未设置回调地址callback_url,请先通过9.1设置或在请求中传入callback_url',
      );
    }
    const check = validateCallbackUrl(url, this.allowList);
    if (!check.ok) throw new AppError(ErrorCode.WrongDataFormat, `callback_url: ${check.reason}`);
    const now = this.clock.now();
    const payload = sampleRecordPayload(
      {
        teamSn: team.sn,
        teamName: team.name,
        userSn: ctx.accountSn,
        userName: ctx.userName,
        parentUserName: parent,
      },
      now,
      ctx.timezone,
    );
    const body = JSON.stringify(payload);
    const eventId = randomUUID();
    const headers = buildWebhookHeaders({
      eventId,
      eventType: PushKind.test,
      attempt: 1,
      body,
      secrets: await this.signing.forTeam(ctx.teamId),
      now,
    });
    const result = await this.sender.send({ url, body, headers });
    const verdict = judgeAttempt(PushKind.test, result);
    return {
      callback_url: url,
      event_id: eventId,
      status: result.status,
      latency_ms: result.latencyMs,
      response_snippet: result.bodySnippet,
      acknowledged: verdict.outcome === 'acknowledged',
      error: verdict.outcome === 'acknowledged' ? '' : verdict.reason,
      payload,
    };
  }

  /** The reference's parent_sn: the main account's user name for a sub-account, null for the main account. */
  async #parentName(trx: Tx, ctx: TenantContext): Promise<string | null> {
    if (ctx.isMain) return null;
    const self = await accountRepository.findById(trx, ctx.accountId);
    const parent = self?.parent_id
      ? await accountRepository.findById(trx, String(self.parent_id))
      : undefined;
    return parent?.user_name ?? null;
  }
}
