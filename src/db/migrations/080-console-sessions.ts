// Console sessions: the operator console signs in with user name and password and gets its own session (an
// HttpOnly cookie), separate from api_keys so that signing in never replaces the key an integration uses.
// Only hashes of the session and CSRF tokens are stored; rows are looked up by the system handle (like api_keys).
export const name = 'console-sessions';

export const up = String.raw`
CREATE TABLE console_sessions (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  csrf_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_sessions_seen ON console_sessions(last_seen_at);
SELECT aicall_enable_tenancy('console_sessions');
`;
