// Tables several areas share: scripts (话术模板 / projects), tasks and their numbers, the DND list, call
// records, durable background jobs and the push outbox. Area-specific tables come in later migrations
// (import 010–019, push 020–029, robot 030–039, dialer 040–049).
export const name = 'shared-domain';

export const up = String.raw`
-- A script template (话术模板, the reference's "project"): its definition JSON is the robot's script model.
CREATE TABLE scripts (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  sn text NOT NULL UNIQUE,                       -- project_sn, 'projects|<32hex>'
  name text NOT NULL,                            -- project_name
  caption text NOT NULL,                         -- project_caption (shown as the script name)
  question_sn text NOT NULL,                     -- entry flow id (7.4 / 7.8)
  voice_break smallint NOT NULL DEFAULT 0,
  columns jsonb NOT NULL DEFAULT '["姓名","*电话"]',  -- import columns as 5.11 shows them
  definition jsonb NOT NULL DEFAULT '{}',        -- the current draft
  version integer NOT NULL DEFAULT 1,
  published_version integer,
  status smallint NOT NULL DEFAULT 1,            -- 1 usable, 0 disabled
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scripts_team ON scripts(team_id) WHERE deleted_at IS NULL;

-- An outbound task (外呼任务, dial_task_main). status uses the reference's codes (§4.1) plus 2 = created,
-- not started yet (5.7.3 shows it as 20 任务未发送).
CREATE TABLE tasks (
  id bigserial PRIMARY KEY,                      -- dial_task_main_id
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  sn text NOT NULL UNIQUE,                       -- dial_task_main_sn
  account_id bigint NOT NULL REFERENCES accounts(id),   -- owning sub-account (ai_user_sn)
  operator_id bigint REFERENCES accounts(id),    -- creator
  script_id bigint NOT NULL REFERENCES scripts(id),
  name text NOT NULL,                            -- source
  batch text NOT NULL DEFAULT '',
  remark text NOT NULL DEFAULT '',
  status smallint NOT NULL DEFAULT 2,
  status_reason text NOT NULL DEFAULT '',        -- why the platform paused/stopped it (line down, script deleted …)
  priority integer NOT NULL DEFAULT 0,
  task_type smallint NOT NULL DEFAULT 0,
  auto_start boolean NOT NULL DEFAULT false,     -- is_zidong
  timed_started_at timestamptz,                  -- scheduled start
  line_id bigint,                                -- caller line (dialer area); NULL = the team's default
  fail_recall jsonb NOT NULL DEFAULT '{"enabled":false,"times":0,"interval":0,"reasons":[]}',
  import_status smallint NOT NULL DEFAULT 0,     -- 0 未处理, 1 导入中, 2 导入完成, 3 导入失败
  import_percent integer NOT NULL DEFAULT 0,
  import_mark jsonb NOT NULL DEFAULT '{}',
  total_count integer NOT NULL DEFAULT 0,
  send_count integer NOT NULL DEFAULT 0,
  success integer NOT NULL DEFAULT 0,            -- answered calls
  fail integer NOT NULL DEFAULT 0,               -- dialed, not answered (final)
  stops integer NOT NULL DEFAULT 0,              -- cancelled / stopped numbers
  started_at timestamptz,
  stoped_at timestamptz,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_team_created ON tasks(team_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX tasks_runnable ON tasks(status) WHERE deleted_at IS NULL AND status = 0;

-- One number of a task (task detail). status: 0 waiting, 1 dialing (claimed), 2 done, 3 cancelled (停播),
-- 4 held back by number detection, 5 waiting for a fail-recall attempt.
CREATE TABLE task_numbers (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  phone text NOT NULL,
  row_no integer NOT NULL DEFAULT 0,
  columns jsonb NOT NULL DEFAULT '{}',
  detection text,                                -- shi/kong/tingji/kuwu/chenmo/fenxian
  status smallint NOT NULL DEFAULT 0,
  attempts smallint NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_result text,                              -- last call's end reason (§4.6) or 'answered'
  lease_until timestamptz,                       -- dialer claim lease
  claimed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX task_numbers_task_phone ON task_numbers(task_id, phone);
CREATE INDEX task_numbers_due ON task_numbers(task_id, status, next_attempt_at, id);
CREATE INDEX task_numbers_team_phone ON task_numbers(team_id, phone);

-- The DND list (防打扰). expires_at NULL = permanent (term_value 0).
CREATE TABLE dnd_entries (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  phone text NOT NULL,
  name text,
  unit text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  remark text NOT NULL DEFAULT '',
  term_value integer NOT NULL DEFAULT 0,
  expires_at timestamptz,
  source text NOT NULL DEFAULT '人工导入',       -- is_auto label
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, phone)
);

-- One call attempt's record (通话流水, 6.1). Written at hang-up by the dialer.
CREATE TABLE call_records (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  sn text NOT NULL UNIQUE,                       -- 'account|<32hex>'
  task_id bigint REFERENCES tasks(id) ON DELETE SET NULL,
  task_number_id bigint,
  account_id bigint REFERENCES accounts(id),
  script_id bigint REFERENCES scripts(id),
  phone text NOT NULL,
  name text NOT NULL DEFAULT '',
  columns jsonb NOT NULL DEFAULT '{}',
  result text NOT NULL,                          -- 'answered' or an end reason (§4.6)
  result_code smallint,                          -- 6.5 number status id
  hangup_by text,                                -- robot / callee / system
  started_at timestamptz NOT NULL,
  connected_at timestamptz,
  disconnected_at timestamptz,
  talktimes integer NOT NULL DEFAULT 0,
  grade text NOT NULL DEFAULT '',                -- status (AI intention A–F)
  grade_reason text NOT NULL DEFAULT '',
  status_manual text NOT NULL DEFAULT '',
  turn_count integer NOT NULL DEFAULT 0,
  asks_count integer NOT NULL DEFAULT 0,
  score integer NOT NULL DEFAULT 0,
  turns jsonb NOT NULL DEFAULT '[]',             -- 6.4 cdrshow fragments
  labels jsonb NOT NULL DEFAULT '[]',
  line_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_records_team_created ON call_records(team_id, created_at DESC);
CREATE INDEX call_records_team_phone ON call_records(team_id, phone, started_at DESC);
CREATE INDEX call_records_task ON call_records(task_id, created_at);

-- Durable background jobs (imports, exports …): claimed with FOR UPDATE SKIP LOCKED under a lease, so a
-- crashed worker's job is picked up again after its lease runs out.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  team_id bigint REFERENCES teams(id),
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  run_after timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_due ON jobs(kind, run_after) WHERE status IN ('queued', 'running');

-- The push outbox: an event is inserted in the same transaction as the fact it reports.
CREATE TABLE push_events (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  kind text NOT NULL,                            -- import_result (5.7.15) / call_record (6.6.1) / analytics (7.7) / test
  order_key text NOT NULL DEFAULT '',            -- events with one key are delivered in id order (e.g. a task sn)
  target_url text,                               -- resolved when enqueued; NULL = no destination configured
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX push_events_due ON push_events(next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX push_events_team_id ON push_events(team_id, id);

SELECT aicall_enable_tenancy(t) FROM unnest(ARRAY['scripts','tasks','task_numbers','dnd_entries',
  'call_records','push_events']) AS t;
-- jobs may have no team (system jobs); tenants see only their own.
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs TO aicall_tenant
  USING (team_id = aicall_team_id()) WITH CHECK (team_id = aicall_team_id());
`;
