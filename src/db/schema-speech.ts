// Tables of migration 070: speech recognisers per tenant and line.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AsrProvidersTable {
  id: Id;
  team_id: ColumnType<string, string | number | bigint | undefined, never>;
  name: string;
  config: JSONColumnType<Record<string, unknown>, string, string>;
  secrets_enc: string | null;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SpeechTables {
  asr_providers: AsrProvidersTable;
}

// Column migration 070 adds to the lines of migration 040.
declare module './schema-dialer.js' {
  interface LinesTable {
    asr_provider_id: string | null;
  }
}
