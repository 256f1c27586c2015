import { teamRepository } from '../../repositories/team.repository.js';
import type { Tx } from '../../repositories/store.js';

/** What aicall pushes (the reference's sections in brackets). */
export const PushKind = {
  /** 5.7.15 async import result → task_callback_url */
  importResult: 'import_result',
  /** 6.6.1 call record after hang-up → callback_url (when open_callback = 1) */
  callRecord: 'call_record',
  /** 7.7 analytics → settings.analytics_url */
  analytics: 'analytics',
} as const;
export type PushKindValue = (typeof PushKind)[keyof typeof PushKind];

export interface NewPushEvent {
  readonly kind: PushKindValue;
  /** Events with the same key are delivered in order (e.g. the task sn). */
  readonly orderKey: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Records a push in the outbox, in the transaction of the fact it reports: no event without its fact, no fact
 * without its event. The destination is resolved now from the team's settings; with none configured the event
 * is kept (for the pull API) but marked 'skipped'. Every producer (imports, calls, analytics) uses this.
 * @example await enqueuePush(trx, teamId, { kind: PushKind.importResult, orderKey: task.sn, payload });
 */
export async function enqueuePush(trx: Tx, teamId: string, event: NewPushEvent): Promise<string> {
  const team = await teamRepository.current(trx, teamId);
  const target = destinationOf(event.kind, team);
  const row = await trx
    .insertInto('push_events')
    .values({
      kind: event.kind,
      order_key: event.orderKey,
      target_url: target,
      payload: JSON.stringify(event.payload),
      status: target ? 'pending' : 'skipped',
    })
    .returning('event_id')
    .executeTakeFirstOrThrow();
  return row.event_id;
}

function destinationOf(
  kind: PushKindValue,
  team: {
    open_callback: number;
    callback_url: string | null;
    task_callback_url: string | null;
    settings: Record<string, unknown>;
  },
): string | null {
  switch (kind) {
    case 'import_result':
      return team.task_callback_url || null;
    case 'call_record':
      return team.open_callback === 1 && team.callback_url ? team.callback_url : null;
    case 'analytics':
      return typeof team.settings.analytics_url === 'string' && team.settings.analytics_url
        ? team.settings.analytics_url
        : null;
  }
}
