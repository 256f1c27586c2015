// Script (话术) versions, knowledge-item hit counts and the to-learn list. The current draft stays on `scripts`
// (migration 003); every saved version is kept here so a task can keep using a published version while the
// script is edited, and an older version can be published again.
export const name = 'script-versions';

export const up = String.raw`
CREATE TABLE script_versions (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  script_id bigint NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,                     -- the robot's script JSON, immutable once written
  author_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (script_id, version)
);

-- How often each knowledge item (asks_sn) was answered in real calls (7.2/7.3 asked_times). Keyed by script
-- and asks_sn, so counts survive new versions of the script.
CREATE TABLE script_knowledge_hits (
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  script_id bigint NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
  asks_sn text NOT NULL,
  asked_times bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (script_id, asks_sn)
);

-- Utterances a script could not handle (话术待学习, 7.5/7.6): filed by the dialer at hang-up or added by hand.
-- type: 1 无法回答, 2 答非所问, 3 识别异常.
CREATE TABLE script_to_learn (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  script_id bigint NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
  type smallint NOT NULL CHECK (type IN (1, 2, 3)),
  robot_before text NOT NULL DEFAULT '',         -- the robot's line before the utterance
  heard text NOT NULL DEFAULT '',                -- what the callee said
  robot_after text NOT NULL DEFAULT '',          -- the robot's next line
  node_title text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',          -- desc
  call_sn text NOT NULL DEFAULT '',              -- accounts_sn: the call record it came from
  account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
  source text NOT NULL DEFAULT 'call' CHECK (source IN ('call', 'manual')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX script_to_learn_script ON script_to_learn(script_id, id DESC);

CREATE INDEX scripts_team_question ON scripts(team_id, question_sn) WHERE deleted_at IS NULL;

SELECT aicall_enable_tenancy(t) FROM unnest(ARRAY['script_versions','script_knowledge_hits','script_to_learn']) AS t;
`;
