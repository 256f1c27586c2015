// The push of a customer entering a private pool (私海), through the outbox in the transaction of the move:
// same destination (callback_url while open_callback = 1), signing and retries as 6.6.1.
import { sql } from 'kysely';
import { formatDateTime } from '../../lib/clock.js';
import { insertPushesLike } from '../../repositories/dial-outcome.repository.js';
import type { CustomerFields, MoveAction } from '../../repositories/customer.repository.js';
import type { Tx } from '../../repositories/store.js';
import { enqueuePush, PushKind } from '../push/outbox.js';
import { customerWireFields } from './customer-view.js';

interface PushRow extends CustomerFields {
  id: string;
  owned_at: Date | null;
  created_at: Date;
  owner_sn: string | null;
  owner_name: string | null;
  team_sn: string;
  timezone: string;
  task_sn: string | null;
  record_sn: string | null;
}

/**
 * Enqueues one push per customer that entered a private pool (`moved` = customer ids with the owner they
 * came from). Customers that are no longer private (moved again in the same transaction) are skipped.
 */
export async function pushEnteredPrivate(
  trx: Tx,
  teamId: string,
  action: MoveAction,
  moved: readonly { id: string; fromOwnerSn?: string | null }[],
): Promise<void> {
  if (moved.length === 0) return;
  const { rows } = await sql<PushRow>`
    SELECT c.id, c.phone, c.name, c.company, c.address, c.remark, c.fields, c.tags, c.grade, c.follow_set_id,
           c.owned_at, c.created_at, o.sn AS owner_sn, o.user_name AS owner_name, tm.sn AS team_sn, tm.timezone,
           t.sn AS task_sn, r.sn AS record_sn
    FROM customers c
    JOIN teams tm ON tm.id = c.team_id
    JOIN accounts o ON o.id = c.owner_id
    LEFT JOIN tasks t ON t.id = c.source_task_id
    LEFT JOIN call_records r ON r.id = c.source_record_id
    WHERE c.id = ANY(${moved.map((m) => m.id)}::bigint[])
    ORDER BY c.id`.execute(trx);
  const from = new Map(moved.map((m) => [m.id, m.fromOwnerSn ?? '']));
  const payloads = rows.map((r) => ({
    orderKey: r.phone,
    payload: customerPayload(r, action, from.get(r.id) ?? ''),
  }));
  const [first, ...rest] = payloads;
  if (!first) return;
  const eventId = await enqueuePush(trx, teamId, { kind: PushKind.customer, ...first });
  await insertPushesLike(trx, eventId, rest);
}

/** The push body (documented in compat-notes "Customer pools"). */
function customerPayload(r: PushRow, action: MoveAction, fromOwnerSn: string): Record<string, unknown> {
  const at = (d: Date | null) => (d ? formatDateTime(d, r.timezone) : '');
  return {
    push_type: 'customer',
    event: 'enter_private',
    action,
    team_sn: r.team_sn,
    ...customerWireFields(r),
    user_sn: r.owner_sn ?? '',
    user_name: r.owner_name ?? '',
    from_user_sn: fromOwnerSn,
    dial_task_main_sn: r.task_sn ?? '',
    accounts_sn: r.record_sn ?? '',
    owned_at: at(r.owned_at),
    created_at: at(r.created_at),
  };
}
