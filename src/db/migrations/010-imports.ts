// Task imports (5.7.1, 5.7.2, 5.8.1): one row per import batch with its durable checkpoint, and the rows it did
// not import (for 5.7.4 import_fail_data). Numbers remember the import that brought them, so a failed import can
// be withdrawn and an operator can tell batches apart.
export const name = 'imports';

export const up = String.raw`
CREATE TABLE imports (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,   -- who asked for it
  source_kind text NOT NULL CHECK (source_kind IN ('json', 'file')),
  source_path text NOT NULL,                    -- the spooled rows / uploaded file under DATA_DIR/imports
  source_name text NOT NULL DEFAULT '',         -- the uploaded file's name, for operators
  source_bytes bigint NOT NULL DEFAULT 0,
  template jsonb NOT NULL,                      -- {columns:[{key,required}], phoneKey}
  settings jsonb NOT NULL,                      -- the team's import settings when the import was accepted
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total_rows integer,                           -- known up front for JSON, at the end for files
  rows_done integer NOT NULL DEFAULT 0,         -- checkpoint: source rows whose outcome is committed
  percent integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',           -- disposition → rows, committed with each chunk
  error text,
  as_of timestamptz NOT NULL DEFAULT now(),     -- "now" for every time window, so a resumed run decides alike
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX imports_task ON imports(task_id, id DESC);

CREATE TABLE import_rejects (
  import_id bigint NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  row_no integer NOT NULL,
  phone text,                                   -- normalized; NULL when the value was not a number
  disposition text NOT NULL,                    -- fail / repeat / blacklist / filter / chaopin
  reason text NOT NULL,
  columns jsonb NOT NULL,
  PRIMARY KEY (import_id, row_no)
);
CREATE INDEX import_rejects_phone ON import_rejects(import_id, phone) WHERE phone IS NOT NULL;

ALTER TABLE task_numbers ADD COLUMN import_id bigint;
-- 5.8.1 term_value: a batch task stops being dialed after this time.
ALTER TABLE tasks ADD COLUMN expires_at timestamptz;

SELECT aicall_enable_tenancy(t) FROM unnest(ARRAY['imports', 'import_rejects']) AS t;
`;
