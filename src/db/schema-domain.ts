// Kysely types of the shared domain tables (migration 003).
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
type Json<T extends object | null = Record<string, unknown>> = JSONColumnType<T, string | undefined, string>;

export interface ScriptsTable {
  id: Id;
  team_id: Id;
  sn: string;
  name: string;
  caption: string;
  question_sn: string;
  voice_break: Generated<number>;
  columns: Json<string[]>;
  definition: Json;
  version: Generated<number>;
  published_version: number | null;
  status: Generated<number>;
  deleted_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FailRecall {
  enabled: boolean;
  times: number;
  interval: number;
  reasons: string[];
}

export interface TasksTable {
  id: Id;
  team_id: Id;
  sn: string;
  account_id: Ref;
  operator_id: NullableRef;
  script_id: Ref;
  name: string;
  batch: Generated<string>;
  remark: Generated<string>;
  status: Generated<number>;
  status_reason: Generated<string>;
  priority: Generated<number>;
  task_type: Generated<number>;
  auto_start: Generated<boolean>;
  timed_started_at: NullableTimestamp;
  line_id: NullableRef;
  fail_recall: Json<FailRecall>;
  import_status: Generated<number>;
  import_percent: Generated<number>;
  import_mark: Json;
  total_count: Generated<number>;
  send_count: Generated<number>;
  success: Generated<number>;
  fail: Generated<number>;
  stops: Generated<number>;
  started_at: NullableTimestamp;
  stoped_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  /** 5.8.1 term_value: when a batch stops (migration 010). */
  expires_at: NullableTimestamp;
  /** Paused by the dialer until this line answers its health check again (migration 113). */
  paused_for_line_id: NullableRef;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskNumbersTable {
  id: Id;
  team_id: Id;
  task_id: Ref;
  phone: string;
  row_no: Generated<number>;
  columns: Json<Record<string, string>>;
  detection: string | null;
  status: Generated<number>;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_result: string | null;
  lease_until: NullableTimestamp;
  claimed_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DndEntriesTable {
  id: Id;
  team_id: Id;
  phone: string;
  name: string | null;
  unit: Generated<string>;
  address: Generated<string>;
  remark: Generated<string>;
  term_value: Generated<number>;
  expires_at: NullableTimestamp;
  source: Generated<string>;
  created_at: Timestamp;
}

export interface CallRecordsTable {
  id: Id;
  team_id: Id;
  sn: string;
  task_id: NullableRef;
  task_number_id: NullableRef;
  account_id: NullableRef;
  script_id: NullableRef;
  phone: string;
  name: Generated<string>;
  columns: Json<Record<string, string>>;
  result: string;
  result_code: number | null;
  hangup_by: string | null;
  started_at: Timestamp;
  connected_at: NullableTimestamp;
  disconnected_at: NullableTimestamp;
  talktimes: Generated<number>;
  grade: Generated<string>;
  grade_reason: Generated<string>;
  status_manual: Generated<string>;
  turn_count: Generated<number>;
  asks_count: Generated<number>;
  score: Generated<number>;
  turns: Json<unknown[]>;
  labels: Json<string[]>;
  line_id: NullableRef;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobsTable {
  id: Id;
  team_id: NullableRef;
  kind: string;
  payload: Json;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  run_after: Timestamp;
  lease_until: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface PushEventsTable {
  id: Id;
  team_id: Id;
  event_id: Generated<string>;
  kind: string;
  order_key: Generated<string>;
  target_url: string | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'delivered' | 'dead' | 'skipped'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface DomainTables {
  scripts: ScriptsTable;
  tasks: TasksTable;
  task_numbers: TaskNumbersTable;
  dnd_entries: DndEntriesTable;
  call_records: CallRecordsTable;
  jobs: JobsTable;
  push_events: PushEventsTable;
}
