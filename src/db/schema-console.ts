// Tables of migration 080 (console sessions).
import type { Generated } from 'kysely';

export interface ConsoleSessionsTable {
  id: Generated<string>;
  team_id: string | number;
  account_id: string | number;
  token_hash: string;
  csrf_hash: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
}

export interface ConsoleTables {
  console_sessions: ConsoleSessionsTable;
}
