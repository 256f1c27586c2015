// Failed credential attempts (logins and api_key checks), per account and per client address, shared by every
// process on the database so brute-force limits hold when the API is scaled out. Not tenant data: the subject
// is a digest of what the attacker sent (a name, an access id, a user_sn or an address), never the text itself.
export const name = 'auth-failures';

export const up = String.raw`
CREATE TABLE auth_failures (
  scope text NOT NULL,                 -- 'login-account' | 'login-address' | 'key-account' | 'key-address'
  subject bytea NOT NULL,              -- sha256 of the account name / user_sn / client address
  failures integer NOT NULL,
  last_failure_at timestamptz NOT NULL,  -- a counter idle longer than its window starts again from 1
  PRIMARY KEY (scope, subject)
);
CREATE INDEX auth_failures_last ON auth_failures (last_failure_at);
`;
