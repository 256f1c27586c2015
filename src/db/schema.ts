// Kysely table types. One interface per table, columns as PostgreSQL returns them through `pg`
// (bigint → string, timestamptz → Date, date → string via the type parser set in database.ts).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CustomerTables } from './schema-customers.js';
import type { ConsoleTables } from './schema-console.js';
import type { DialerTables } from './schema-dialer.js';
import type { DomainTables } from './schema-domain.js';
import type { ImportTables } from './schema-import.js';
import type { PushTables } from './schema-push.js';
import type { ScriptTables } from './schema-scripts.js';
import type { SpeechTables } from './schema-speech.js';

type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object = Record<string, unknown>> = JSONColumnType<T, string | undefined, string>;

export interface TeamsTable {
  id: Id;
  sn: string;
  name: string;
  timezone: Generated<string>;
  ai_count: Generated<number>;
  caller_group: Generated<string>;
  open_callback: Generated<number>;
  callback_url: string | null;
  task_callback_url: string | null;
  settings: Json;
  created_at: Timestamp;
}

export interface OrganizationsTable {
  id: Id;
  team_id: Id;
  name: string;
  parent_id: string | null;
  created_at: Timestamp;
}

export interface PermissionsTable {
  id: number;
  name: string;
  display_name: string;
  parent_id: number;
  menu_type: number;
  icon: string;
}

export interface RolesTable {
  id: Id;
  team_id: Id;
  name: string;
  display_name: string;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RolePermissionsTable {
  team_id: Id;
  role_id: string | number;
  permission_id: number;
}

export interface AccountsTable {
  id: Id;
  team_id: Id;
  sn: string;
  user_name: string;
  password_hash: string;
  contact: Generated<string>;
  parent_id: string | number | null;
  role_id: string | number | null;
  organization_id: string | number | null;
  job: Generated<string>;
  max_call_count: Generated<number>;
  expired: string | null;
  api_access_id: string | null;
  api_access_secret_enc: string | null;
  ext: Generated<string>;
  display_phone: Generated<string>;
  skillgroup_sn: Generated<string>;
  extra: Json;
  last_login_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  account_id: string | number;
  team_id: string | number;
  key_hash: string;
  expires_at: Date;
  created_at: Timestamp;
}

export interface SkillGroupsTable {
  id: Id;
  team_id: Id;
  sn: string;
  name: string;
  caption: Generated<string>;
  strategy: Generated<number>;
  all_busy: Generated<number>;
  no_agent: Generated<number>;
  percentage: number | null;
  group_record: number | null;
  created_at: Timestamp;
}

export interface ExtensionsTable {
  id: Id;
  team_id: Id;
  ext: string;
  account_id: string | number | null;
  status: Generated<number>;
  created_at: Timestamp;
}

export interface CallTimeSettingsTable {
  team_id: Id;
  week1: string;
  week2: string;
  week3: string;
  week4: string;
  week5: string;
  week6: string;
  week7: string;
  holiday: Generated<string>;
  holiday_status: Generated<number>;
  updated_at: Timestamp;
}

export interface HolidaysTable {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface Database
  extends
    DomainTables,
    ScriptTables,
    PushTables,
    DialerTables,
    ImportTables,
    CustomerTables,
    SpeechTables,
    ConsoleTables {
  teams: TeamsTable;
  organizations: OrganizationsTable;
  permissions: PermissionsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  skill_groups: SkillGroupsTable;
  extensions: ExtensionsTable;
  call_time_settings: CallTimeSettingsTable;
  holidays: HolidaysTable;
}
