// Kysely types of the dialer's tables and columns (migration 040).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableRef = ColumnType<
  string | null,
  string | number | bigint | null | undefined,
  string | number | bigint | null
>;

export interface LinesTable {
  id: Id;
  team_id: Id;
  name: string;
  kind: 'simulator' | 'sip';
  caller: Generated<string>;
  capacity: Generated<number>;
  cps: number | null;
  config: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  status: Generated<'up' | 'down'>;
  status_reason: Generated<string>;
  is_default: Generated<boolean>;
  sandbox: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DialerTables {
  lines: LinesTable;
}

// Columns migration 040 adds to tables of migration 003.
declare module './schema-domain.js' {
  interface TaskNumbersTable {
    dial_seq: Generated<number>;
    claim_line_id: NullableRef;
    claimed_at: NullableTimestamp;
  }
  interface CallRecordsTable {
    dial_seq: number | null;
    hangup_node: Generated<string>;
    is_transfer: Generated<number>;
    details: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  }
}
