import { pushEventRepository } from '../../repositories/push-event.repository.js';
import type { Tx } from '../../repositories/store.js';
import { PushKind } from './policy/push-kind.js';

/** Producers name the kind from here, beside `enqueuePush` (one definition: policy/push-kind.ts). */
export { PushKind };

export interface NewPushEvent {
  readonly kind: PushKind;
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
