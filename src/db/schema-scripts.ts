// Kysely types of the script tables (migrations 030, 100).
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Id = ColumnType<string, string | number | bigint | undefined, never>;
type Ref = ColumnType<string, string | number | bigint, string | number | bigint>;
type NullableRef = ColumnType<
  string | null,
  string | number | bigint | null | undefined,
  string | number | bigint | null
>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Count = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;

export interface ScriptVersionsTable {
  id: Id;
  team_id: Id;
  script_id: Ref;
  version: number;
  definition: JSONColumnType<Record<string, unknown>, string, never>;
  author_id: NullableRef;
  created_at: Timestamp;
}

export interface ScriptKnowledgeHitsTable {
  team_id: Id;
  script_id: Ref;
  asks_sn: string;
  asked_times: Count;
  updated_at: Timestamp;
}

export interface ScriptToLearnTable {
  id: Id;
  team_id: Id;
  script_id: Ref;
  type: number;
  robot_before: Generated<string>;
  heard: Generated<string>;
  robot_after: Generated<string>;
  node_title: Generated<string>;
  description: Generated<string>;
  call_sn: Generated<string>;
  account_id: NullableRef;
  source: Generated<'call' | 'manual'>;
  created_at: Timestamp;
  node_id: Generated<string>;
  /** The operator's label (migration 100): where the reply should have led. */
  label: ColumnType<unknown, string | null | undefined, string | null>;
  learned_version: ColumnType<number | null, number | null | undefined, number | null>;
  labelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ScriptTables {
  script_versions: ScriptVersionsTable;
  script_knowledge_hits: ScriptKnowledgeHitsTable;
  script_to_learn: ScriptToLearnTable;
}
