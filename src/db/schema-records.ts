// Kysely types of the columns migration 045 adds to call_records (migration 003's table).
import type { ColumnType, Generated } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableRef = ColumnType<
  string | null,
  string | number | bigint | null | undefined,
  string | number | bigint | null
>;

declare module './schema-domain.js' {
  interface CallRecordsTable {
    mark: Generated<string>;
    manual_at: NullableTimestamp;
    manual_by: NullableRef;
    recordfile: string | null;
    /** Set when retention deleted the recording (migration 061). */
    recording_deleted_at: NullableTimestamp;
    is_transfer: Generated<number>;
    hangup_node: Generated<string>;
    area_code: ColumnType<string, never, never>;
  }
}
