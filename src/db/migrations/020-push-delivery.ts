// Push delivery (issue 3): the delivery log, per-tenant signing secrets, and what the delivery workers need on
// the outbox of migration 003 — a lease token (whose lease a result belongs to), the start of the current
// delivery cycle (a manual resend starts a new one), and indexes for ordered claiming and the push API.
export const name = 'push-delivery';

export const up = String.raw`
-- json, not jsonb: the body is sent byte for byte as the producer wrote it, fields in the producer's order
-- (jsonb would reorder a 6.6.1 record's keys by length), and no re-serialisation is needed per attempt.
ALTER TABLE push_events ALTER COLUMN payload TYPE json USING payload::json;
ALTER TABLE push_events
  ADD COLUMN lease_token uuid,                           -- the claiming worker run; NULL when not claimed
  ADD COLUMN cycle_base_attempts integer NOT NULL DEFAULT 0,  -- attempts made before the current cycle
  ADD COLUMN cycle_started_at timestamptz;               -- first attempt of the current cycle
-- Ordered kinds wait for earlier pending events of the same key (claim's NOT EXISTS probe).
CREATE INDEX push_events_order ON push_events(team_id, order_key, id) WHERE status = 'pending';
CREATE INDEX push_events_dead ON push_events(team_id, id) WHERE status = 'dead';
-- Claiming touches no indexed column (lease columns are deliberately unindexed; heartbeats go by id), so with
-- free space on the page the claim is a HOT update: no index writes for the most frequent statement.
ALTER TABLE push_events SET (fillfactor = 80);

-- One row per delivery attempt: the push log.
CREATE TABLE push_attempts (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  push_event_id bigint NOT NULL REFERENCES push_events(id) ON DELETE CASCADE,
  attempt integer NOT NULL,                      -- 1-based over the event's whole life (X-Aicall-Attempt)
  attempted_at timestamptz NOT NULL,
  url text NOT NULL,
  status_code integer,                           -- NULL when no HTTP response arrived
  latency_ms integer NOT NULL,
  response_snippet text NOT NULL DEFAULT '',     -- first 1 KiB of the answer
  error text,                                    -- transport error or why the answer was not accepted
  outcome text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'dead', 'superseded')),
  next_attempt_at timestamptz                    -- for 'retry'
);
CREATE INDEX push_attempts_event ON push_attempts(push_event_id, id);

-- Signing secrets (X-Aicall-Signature), sealed with the server's secret key. Active = expires_at NULL or in the
-- future; a rotation gives the previous secret an expiry, so at most two sign at once.
CREATE TABLE push_signing_secrets (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  secret_enc text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX push_signing_secrets_team ON push_signing_secrets(team_id, id DESC);

SELECT aicall_enable_tenancy(t) FROM unnest(ARRAY['push_attempts', 'push_signing_secrets']) AS t;
`;
