// AI pre-screening (AI预筛) in the hang-up transaction, and the manual re-classification that revises it.
// Idempotent by construction: a customer is one row per team and phone, so a redial that grades A again only
// refreshes the customer's grade; the call itself joins the timeline because the timeline is the phone's calls.
import {
  customerRepository,
  type CustomerMove,
  type NewCustomer,
} from '../../repositories/customer.repository.js';
import type { Tx } from '../../repositories/store.js';
import { pushEnteredPrivate } from './customer-push.js';
import { loadPrescreenRules, type PrescreenRule } from './prescreen-rules.js';

/** A call just recorded, as pre-screening needs it. */
export interface GradedCall {
  recordId: string;
  taskId: string;
  phone: string;
  grade: string;
  columns: Readonly<Record<string, string>>;
}

/** Columns of the task row that have a place in the customer; the rest become custom fields. */
const NAME_KEYS = { name: '姓名', company: ['公司名称', '公司', '单位'], address: '地址' } as const;

/**
 * Sends the callees whose grade the task's (or team's) rule selects to the configured pool. Called once per
 * hang-up transaction with the calls it recorded; costs one query when no call qualifies.
 */
export async function applyPrescreen(
  trx: Tx,
  teamId: string,
  calls: readonly GradedCall[],
  now: Date,
): Promise<void> {
  if (calls.length === 0) return;
  const rules = await loadPrescreenRules(
    trx,
    calls.map((c) => c.taskId),
  );
  const byPhone = new Map<string, { call: GradedCall; rule: PrescreenRule }>();
  for (const call of calls) {
    const rule = rules.get(call.taskId);
    if (rule && rule.grades.includes(call.grade)) byPhone.set(call.phone, { call, rule });
  }
  if (byPhone.size === 0) return;
  await admit(trx, teamId, [...byPhone.values()], 'prescreen', null, now);
}

/**
 * A record's manual classification changed (`status_manual`, else the AI grade, is what counts): a qualifying
 * grade admits the callee like pre-screening (and moves a public-pool customer to the task owner when the rule
 * says private); a grade that no longer qualifies withdraws a customer that pre-screening of this task brought in
 * and nobody has followed up yet.
 */
export async function reclassifyCustomer(
  trx: Tx,
  teamId: string,
  recordSn: string,
  actorId: string,
  now: Date,
) {
  const record = await trx
    .selectFrom('call_records')
    .select(['id', 'task_id', 'phone', 'grade', 'status_manual', 'columns'])
    .where('sn', '=', recordSn)
    .executeTakeFirst();
  if (!record?.task_id) return;
  const rule = (await loadPrescreenRules(trx, [record.task_id])).get(record.task_id);
  if (!rule || rule.grades.length === 0) return;
  const grade = record.status_manual || record.grade;
  const call: GradedCall = {
    recordId: record.id,
    taskId: record.task_id,
    phone: record.phone,
    grade,
    columns: record.columns,
  };
  if (rule.pool === 'private') await customerRepository.lockOwners(trx, [rule.ownerId]);
  const [existing] = await customerRepository.byPhones(trx, [record.phone], true);
  if (rule.grades.includes(grade)) {
    if (!existing) return admit(trx, teamId, [{ call, rule }], 'reclassify', actorId, now);
    await customerRepository.touchGraded(trx, [{ id: existing.id, grade }], now);
    if (existing.owner_id === null && rule.pool === 'private' && (await hasRoom(trx, rule, 1))) {
      const moved = await customerRepository.moveOwner(
        trx,
        [existing.id],
        { owner: null },
        rule.ownerId,
        now,
      );
      await customerRepository.recordMoves(
        trx,
        moved.map((m) => move(m, 'reclassify', null, actorId, grade, now)),
      );
      await pushEnteredPrivate(
        trx,
        teamId,
        'reclassify',
        moved.map((m) => ({ id: m.id })),
      );
    }
    return;
  }
  const fromThisTask = existing?.follow_set_id === 0 && existing.source_task_id === record.task_id;
  if (!existing || !fromThisTask || existing.last_follow_at !== null) return;
  const notes = await trx
    .selectFrom('customer_notes')
    .select('id')
    .where('customer_id', '=', existing.id)
    .limit(1)
    .execute();
  if (notes.length > 0) return;
  await customerRepository.deleteByIds(trx, [existing.id]);
  await customerRepository.recordMoves(trx, [
    {
      ...move(existing, 'reclassify', existing.owner_id, actorId, grade, now),
      customer_id: null,
      to_owner_id: null,
    },
  ]);
}

/** Inserts new customers for qualifying calls (existing ones get the newer grade), then audit and pushes. */
async function admit(
  trx: Tx,
  teamId: string,
  items: readonly { call: GradedCall; rule: PrescreenRule }[],
  action: 'prescreen' | 'reclassify',
  actorId: string | null,
  now: Date,
): Promise<void> {
  // Owner locks before any customer row lock: every path takes them in this order (no deadlock with a take).
  const owners = [...new Set(items.filter((i) => i.rule.pool === 'private').map((i) => i.rule.ownerId))];
  await customerRepository.lockOwners(trx, owners);
  const existing = await customerRepository.byPhones(
    trx,
    items.map((i) => i.call.phone),
  );
  const known = new Set(existing.map((c) => c.phone));
  await customerRepository.touchGraded(
    trx,
    existing.map((c) => ({ id: c.id, grade: items.find((i) => i.call.phone === c.phone)!.call.grade })),
    now,
  );
  const fresh = items.filter((i) => !known.has(i.call.phone));
  if (fresh.length === 0) return;
  const room = new Map<string, number>();
  for (const i of fresh) {
    if (i.rule.pool !== 'private' || room.has(i.rule.ownerId)) continue;
    const held = i.rule.cap === 0 ? 0 : await customerRepository.privateCount(trx, i.rule.ownerId);
    room.set(i.rule.ownerId, i.rule.cap === 0 ? Number.POSITIVE_INFINITY : i.rule.cap - held);
  }
  const rows = fresh.map((i): NewCustomer => {
    const left = room.get(i.rule.ownerId) ?? 0;
    const owner = i.rule.pool === 'private' && left > 0 ? i.rule.ownerId : null;
    if (owner) room.set(owner, left - 1);
    return toCustomer(i.call, owner, now);
  });
  const inserted = await customerRepository.insertNew(trx, rows);
  const grades = new Map(fresh.map((i) => [i.call.phone, i]));
  await customerRepository.recordMoves(
    trx,
    inserted.map((c) => {
      const i = grades.get(c.phone)!;
      const full = i.rule.pool === 'private' && c.owner_id === null ? '(私海已满,进入公海)' : '';
      const m = move(c, action, null, actorId, i.call.grade, now);
      return { ...m, to_owner_id: c.owner_id, detail: `${m.detail} ${i.rule.taskName}${full}` };
    }),
  );
  await pushEnteredPrivate(
    trx,
    teamId,
    action,
    inserted.filter((c) => c.owner_id !== null).map((c) => ({ id: c.id })),
  );
}

/** Whether the rule's owner may take `adding` more private customers (its lock is already held). */
async function hasRoom(trx: Tx, rule: PrescreenRule, adding: number): Promise<boolean> {
  if (rule.cap === 0) return true;
  return (await customerRepository.privateCount(trx, rule.ownerId)) + adding <= rule.cap;
}

function move(
  c: { id: string; phone: string; owner_id: string | null },
  action: CustomerMove['action'],
  from: string | null,
  actorId: string | null,
  grade: string,
  now: Date,
): CustomerMove {
  return {
    customer_id: c.id,
    phone: c.phone,
    action,
    from_owner_id: from,
    to_owner_id: c.owner_id,
    actor_id: actorId,
    detail: `意向${grade}`,
    created_at: now,
  };
}

function toCustomer(call: GradedCall, ownerId: string | null, now: Date): NewCustomer {
  const c = call.columns;
  const company = NAME_KEYS.company.map((k) => c[k] ?? '').find((v) => v !== '') ?? '';
  const skip = new Set<string>([NAME_KEYS.name, NAME_KEYS.address, ...NAME_KEYS.company, '电话']);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(c)) if (!skip.has(k) && v !== '') fields[k] = v;
  return {
    phone: call.phone,
    name: c[NAME_KEYS.name] ?? '',
    company,
    address: c[NAME_KEYS.address] ?? '',
    remark: '',
    fields,
    tags: [],
    owner_id: ownerId,
    follow_set_id: 0,
    auto_ignore: 1,
    grade: call.grade,
    source_task_id: call.taskId,
    source_record_id: call.recordId,
    owned_at: ownerId === null ? null : now,
    created_at: now,
    updated_at: now,
  };
}
