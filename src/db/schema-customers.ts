// Kysely types of the customer-pool tables (migration 090).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Ref = ColumnType<string, string | number | bigint, string | number | bigint>;
type NullableRef = ColumnType<
  string | null,
  string | number | bigint | null | undefined,
  string | number | bigint | null
>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface CustomersTable {
  id: Id;
  team_id: Id;
  phone: string;
  name: Generated<string>;
  company: Generated<string>;
  address: Generated<string>;
  remark: Generated<string>;
  fields: JSONColumnType<Record<string, string>, string | undefined, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  owner_id: NullableRef;
  follow_set_id: Generated<number>;
  auto_ignore: Generated<number>;
  grade: Generated<string>;
  source_task_id: NullableRef;
  source_record_id: NullableRef;
  owned_at: NullableTimestamp;
  last_follow_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerCollaboratorsTable {
  team_id: Id;
  customer_id: Ref;
  account_id: Ref;
  created_at: Timestamp;
}

export interface CustomerNotesTable {
  id: Id;
  team_id: Id;
  customer_id: Ref;
  account_id: NullableRef;
  body: string;
  created_at: Timestamp;
}

export interface CustomerMovesTable {
  id: Id;
  team_id: Id;
  customer_id: NullableRef;
  phone: string;
  action: string;
  from_owner_id: NullableRef;
  to_owner_id: NullableRef;
  actor_id: NullableRef;
  detail: Generated<string>;
  created_at: Timestamp;
}

export interface CustomerPoolSettingsTable {
  team_id: Id;
  prescreen_grades: ColumnType<string[], string[] | undefined, string[]>;
  prescreen_pool: ColumnType<'private' | 'public', 'private' | 'public' | undefined, 'private' | 'public'>;
  auto_give_up_days: Generated<number>;
  private_cap: Generated<number>;
  updated_at: Timestamp;
}

export interface TaskPrescreenTable {
  task_id: Ref;
  team_id: Id;
  grades: string[];
  pool: 'private' | 'public';
  updated_at: Timestamp;
}

export interface CustomerTables {
  customers: CustomersTable;
  customer_collaborators: CustomerCollaboratorsTable;
  customer_notes: CustomerNotesTable;
  customer_moves: CustomerMovesTable;
  customer_pool_settings: CustomerPoolSettingsTable;
  task_prescreen: TaskPrescreenTable;
}
