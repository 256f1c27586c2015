// Customer pools (公海/私海): writes. Every owner change is a conditional UPDATE (the pool the caller saw is
// still the pool the customer is in), so concurrent takers, give-ups and transfers never both succeed.
import { sql } from 'kysely';
import type { Executor } from './store.js';

/** What a customer is (its `customers` columns), whichever way it is read or written. */
export interface CustomerFields {
  phone: string;
  name: string;
  company: string;
  address: string;
  remark: string;
  fields: Record<string, string>;
  tags: string[];
  grade: string;
  follow_set_id: number;
}

/** A customer as an import, pre-screening or a move writes it. */
export interface NewCustomer extends CustomerFields {
  owner_id: string | null;
  auto_ignore: number;
  source_task_id: string | null;
  source_record_id: string | null;
  owned_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The few columns moves and pushes need. */
export interface CustomerRef {
  id: string;
  phone: string;
  owner_id: string | null;
}

export type MoveAction =
  | 'import'
  | 'prescreen'
  | 'take'
  | 'give_up'
  | 'auto_give_up'
  | 'transfer'
  | 'reclassify'
  | 'delete'
  | 'collaborators';

export interface CustomerMove {
  customer_id: string | null;
  phone: string;
  action: MoveAction;
  from_owner_id: string | null;
  to_owner_id: string | null;
  actor_id: string | null;
  detail: string;
  created_at: Date;
}

const REF = ['id', 'phone', 'owner_id'] as const;

export const customerRepository = {
  /** Inserts customers whose phone the team does not have yet; returns those inserted. */
  async insertNew(db: Executor, rows: readonly NewCustomer[]): Promise<CustomerRef[]> {
    if (rows.length === 0) return [];
    return db
      .insertInto('customers')
      .values(rows.map((r) => ({ ...r, fields: JSON.stringify(r.fields) })))
      .onConflict((oc) => oc.columns(['team_id', 'phone']).doNothing())
      .returning(REF)
      .execute();
  },

  async recordMoves(db: Executor, moves: readonly CustomerMove[]): Promise<void> {
    if (moves.length === 0) return;
    await db
      .insertInto('customer_moves')
      .values([...moves])
      .execute();
  },

  /** The team's customers among `phones`, locked against concurrent moves when `lock`. */
  async byPhones(db: Executor, phones: readonly string[], lock = false) {
    if (phones.length === 0) return [];
    let q = db
      .selectFrom('customers')
      .select([...REF, 'follow_set_id', 'source_task_id', 'source_record_id', 'last_follow_at'])
      .where('phone', '=', sql<string>`ANY(${[...phones]}::text[])`)
      .orderBy('id');
    if (lock) q = q.forUpdate();
    return q.execute();
  },

  /**
   * Moves customers from `from` (null = public pool) to `to` (null = public pool), only those still in `from`.
   * Returns the ones moved: with concurrent callers each customer moves for exactly one of them.
   */
  async moveOwner(
    db: Executor,
    ids: readonly string[],
    from: { owner: string | null } | 'any-private',
    to: string | null,
    now: Date,
  ): Promise<CustomerRef[]> {
    if (ids.length === 0) return [];
    let q = db
      .updateTable('customers')
      .set({ owner_id: to, owned_at: to === null ? null : now, last_follow_at: null, updated_at: now })
      .where('id', '=', sql<string>`ANY(${[...ids]}::bigint[])`);
    if (from === 'any-private') q = q.where('owner_id', 'is not', null);
    else if (from.owner === null) q = q.where('owner_id', 'is', null);
    else q = q.where('owner_id', '=', from.owner);
    const moved = await q.returning(REF).execute();
    // Collaborators belong to an owner's private customer: a move to another pool starts without them.
    if (moved.length > 0) {
      await db
        .deleteFrom('customer_collaborators')
        .where('customer_id', '=', sql<string>`ANY(${moved.map((m) => m.id)}::bigint[])`)
        .execute();
    }
    return moved;
  },

  /** Private customers of `ownerId` now (for the private-pool cap). */
  async privateCount(db: Executor, ownerId: string): Promise<number> {
    const r = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_id', '=', ownerId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /**
   * Serialises changes to one owner's private pool for the rest of the transaction (cap checks of parallel
   * takes, transfers and pre-screening). Owners are locked in id order, so two transactions never deadlock.
   */
  async lockOwners(db: Executor, ownerIds: readonly string[]): Promise<void> {
    const ids = [...new Set(ownerIds)].sort((a, b) => Number(a) - Number(b));
    for (const id of ids) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`customer-pool:${id}`}, 0))`.execute(db);
    }
  },

  async deleteByIds(db: Executor, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await db
      .deleteFrom('customers')
      .where('id', '=', sql<string>`ANY(${[...ids]}::bigint[])`)
      .execute();
  },

  /** Replaces a customer's collaborators. */
  async setCollaborators(db: Executor, customerId: string, accountIds: readonly string[]): Promise<void> {
    await db.deleteFrom('customer_collaborators').where('customer_id', '=', customerId).execute();
    if (accountIds.length === 0) return;
    await db
      .insertInto('customer_collaborators')
      .values(accountIds.map((account_id) => ({ customer_id: customerId, account_id })))
      .execute();
  },

  async addNote(db: Executor, n: { customerId: string; accountId: string; body: string; at: Date }) {
    await db
      .insertInto('customer_notes')
      .values({ customer_id: n.customerId, account_id: n.accountId, body: n.body, created_at: n.at })
      .execute();
    await db
      .updateTable('customers')
      .set({ last_follow_at: n.at, updated_at: n.at })
      .where('id', '=', n.customerId)
      .execute();
  },

  /** A newer qualifying call of an existing customer: its grade and `updated_at` (incremental sync). */
  async touchGraded(db: Executor, items: readonly { id: string; grade: string }[], now: Date) {
    if (items.length === 0) return;
    await sql`
      UPDATE customers c SET grade = v.grade, updated_at = ${now}
      FROM unnest(${items.map((i) => i.id)}::bigint[], ${items.map((i) => i.grade)}::text[]) AS v(id, grade)
      WHERE c.id = v.id`.execute(db);
  },

  /**
   * Private customers with automatic give-up on and no follow-up (or, never followed up, no time in the pool)
   * since `before`, oldest first, locked; at most `limit`.
   */
  giveUpDue(db: Executor, teamId: string, before: Date, limit: number) {
    return db
      .selectFrom('customers')
      .select(REF)
      .where('team_id', '=', teamId)
      .where('owner_id', 'is not', null)
      .where('auto_ignore', '=', 1)
      .where(sql<Date>`coalesce(last_follow_at, owned_at)`, '<', before)
      .orderBy(sql`coalesce(last_follow_at, owned_at)`)
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  },
};
