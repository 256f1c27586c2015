// The dialer's tables and columns: lines (trunks / caller-number groups), the claim bookkeeping on task
// numbers (attempt sequence, line, claim time) and what a call record needs beyond migration 003.
export const name = 'dialer';

export const up = String.raw`
-- A line (线路): where a team's calls are placed. kind 'simulator' is the built-in carrier simulator (config is
-- its JSON, see telephony/simulator/simulator-config.ts); 'sip' comes later. capacity and cps are the limits
-- the dialer paces to (they override the same fields of a simulator config).
CREATE TABLE lines (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('simulator', 'sip')),
  caller text NOT NULL DEFAULT '',               -- caller id presented (主叫号码); '' = the line's own default
  capacity integer NOT NULL DEFAULT 30 CHECK (capacity > 0),
  cps double precision CHECK (cps IS NULL OR cps > 0),  -- calls per second; NULL = no limit
  config jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'up' CHECK (status IN ('up', 'down')),
  status_reason text NOT NULL DEFAULT '',
  is_default boolean NOT NULL DEFAULT false,     -- used by tasks without line_id
  sandbox boolean NOT NULL DEFAULT false,        -- the simulator line every tenant starts with
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lines_team ON lines(team_id);
CREATE UNIQUE INDEX lines_team_default ON lines(team_id) WHERE is_default;
SELECT aicall_enable_tenancy('lines');

-- Claims. dial_seq counts originations of the number (compared-and-set by the hang-up transaction, so an
-- attempt is finished at most once); claim_line_id / claimed_at say where and when the current one started.
ALTER TABLE task_numbers
  ADD COLUMN dial_seq integer NOT NULL DEFAULT 0,
  ADD COLUMN claim_line_id bigint,
  ADD COLUMN claimed_at timestamptz;
CREATE INDEX task_numbers_in_progress ON task_numbers(team_id) WHERE status = 1;
-- Never-tried numbers in import order: the claim's main path (an ordered scan, no sort, no filter).
CREATE INDEX task_numbers_fresh ON task_numbers(task_id, id) WHERE status = 0 AND next_attempt_at IS NULL;

-- One record per attempt: (task_number_id, dial_seq) is unique, whoever writes it (hang-up or recovery).
ALTER TABLE call_records
  ADD COLUMN dial_seq integer,
  ADD COLUMN hangup_node text NOT NULL DEFAULT '',     -- node whose line was last played when the callee hung up
  ADD COLUMN is_transfer smallint NOT NULL DEFAULT 0,  -- is_transfertoagent
  ADD COLUMN details jsonb NOT NULL DEFAULT '{}';      -- end reason, to-learn items, knowledge hits, intents
CREATE UNIQUE INDEX call_records_attempt ON call_records(task_number_id, dial_seq);
`;
