// Kysely types of the import tables (migration 010). `task_numbers.import_id` is written by the import's raw SQL
// only, so it is not repeated on the shared table types.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Ref = ColumnType<string, string | number | bigint, string | number | bigint>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object = Record<string, unknown>> = JSONColumnType<T, string | undefined, string>;

export interface ImportsTable {
  id: Id;
  team_id: Id;
  task_id: Ref;
  account_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  source_kind: 'json' | 'file';
  source_path: string;
  source_name: Generated<string>;
  source_bytes: ColumnType<string, number | string | undefined, number | string>;
  template: Json;
  settings: Json;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  total_rows: number | null;
  rows_done: Generated<number>;
  percent: Generated<number>;
  counts: Json<Record<string, number>>;
  error: string | null;
  as_of: Timestamp;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface ImportRejectsTable {
  import_id: Ref;
  team_id: Id;
  row_no: number;
  phone: string | null;
  disposition: string;
  reason: string;
  columns: Json<Record<string, string>>;
}

export interface ImportTables {
  imports: ImportsTable;
  import_rejects: ImportRejectsTable;
}
