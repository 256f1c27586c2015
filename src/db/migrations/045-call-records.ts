// What the call-record API (6.1–6.5) and the analytics push (7.7) need beyond migration 003: a remark and the
// manual classification's audit, the recording location, the fixed-line area code, and indexes for paging
// and incremental sync. `is_transfer` and `hangup_node` are also added by the dialer's migration 040 with the
// same definition; IF NOT EXISTS makes whichever runs second a no-op.
export const name = 'call-records';

export const up = String.raw`
ALTER TABLE call_records
  ADD COLUMN IF NOT EXISTS mark text NOT NULL DEFAULT '',            -- remark (6.1 mark); set by 7.x classify
  ADD COLUMN IF NOT EXISTS manual_at timestamptz,                    -- when status_manual was last set
  ADD COLUMN IF NOT EXISTS manual_by bigint REFERENCES accounts(id) ON DELETE SET NULL,
  ADD COLUMN IF NOT EXISTS recordfile text,                          -- recording, relative to the team's recordings dir
  ADD COLUMN IF NOT EXISTS is_transfer smallint NOT NULL DEFAULT 0,  -- is_transfertoagent
  ADD COLUMN IF NOT EXISTS hangup_node text NOT NULL DEFAULT '',     -- node title when the callee hung up
  -- Fixed-line area code (010, 02x, 0xxx); '' for mobiles, whose city needs a segment database we do not ship.
  ADD COLUMN IF NOT EXISTS area_code text GENERATED ALWAYS AS (CASE
    WHEN phone ~ '^0(10|2[0-9])[0-9]{7,8}$' THEN substr(phone, 1, 3)
    WHEN phone ~ '^0[3-9][0-9]{2}[0-9]{7,8}$' THEN substr(phone, 1, 4)
    ELSE '' END) STORED;

-- 6.1 pages by (created_at, id) inside a creation window; this index also serves 003's descending scans.
DROP INDEX IF EXISTS call_records_team_created;
CREATE INDEX call_records_team_created_id ON call_records(team_id, created_at, id);
-- 6.1 updated_at (incremental sync: everything changed since the client's last pull).
CREATE INDEX call_records_team_updated ON call_records(team_id, updated_at, id);
`;
