// Kysely types of the push delivery tables (migration 020).
import type { ColumnType, Generated } from 'kysely';

type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Ref = ColumnType<string, string | number | bigint, string | number | bigint>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

// Columns migration 020 adds to the shared outbox table of migration 003 (declared there).
declare module './schema-domain.js' {
  interface PushEventsTable {
    lease_token: string | null;
    /** Migration 055: the database server's start time when the lease was taken or renewed. */
    lease_epoch: NullableTimestamp;
    cycle_base_attempts: Generated<number>;
    cycle_started_at: NullableTimestamp;
  }
}

export type PushAttemptOutcome = 'delivered' | 'retry' | 'dead' | 'superseded';

export interface PushAttemptsTable {
  id: Id;
  team_id: Ref;
  push_event_id: Ref;
  attempt: number;
  attempted_at: Timestamp;
  url: string;
  status_code: number | null;
  latency_ms: number;
  response_snippet: Generated<string>;
  error: string | null;
  outcome: PushAttemptOutcome;
  next_attempt_at: NullableTimestamp;
}

export interface PushSigningSecretsTable {
  id: Id;
  team_id: ColumnType<string, string | number | bigint | undefined, never>;
  secret_enc: string;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
}

export interface PushTables {
  push_attempts: PushAttemptsTable;
  push_signing_secrets: PushSigningSecretsTable;
}
