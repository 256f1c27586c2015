import { pushEventRepository } from '../../repositories/push-event.repository.js';
import type { Tx } from '../../repositories/store.js';

/** What aicall pushes (the reference's sections in brackets). */
export const PushKind = {
  /** 5.7.15 async import result → task_callback_url */
  importResult: 'import_result',
  /** 6.6.1 call record after hang-up → callback_url (when open_callback = 1) */
  callRecord: 'call_record',
  /** 7.7 analytics → settings.analytics_url */
  analytics: 'analytics',
  /** 6.7 a customer entered a private pool (私海) → callback_url (when open_callback = 1) */
  customer: 'customer',
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
  // One round trip: the destination is resolved from the team row inside the INSERT.
  return pushEventRepository.enqueue(trx, teamId, {
    kind: event.kind,
    orderKey: event.orderKey,
    payloadJson: JSON.stringify(event.payload),
  });
}
