// Foundation schema: teams (tenants), accounts, login keys, roles, skill groups, extensions, calling hours.
// Row-level security: every table with team_id is readable/writable by the `aicall_tenant` role only for the
// team named in the transaction-local setting `aicall.team_id` (see docs/architecture.md, "Tenancy").
export const name = 'foundation';

export const up = String.raw`
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aicall_tenant') THEN
    CREATE ROLE aicall_tenant NOLOGIN;
  END IF;
END $$;
DO $$ BEGIN
  EXECUTE format('GRANT aicall_tenant TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- superusers may SET ROLE without membership
END $$;

CREATE FUNCTION aicall_team_id() RETURNS bigint LANGUAGE sql STABLE
  AS $f$ SELECT nullif(current_setting('aicall.team_id', true), '')::bigint $f$;

CREATE TABLE teams (
  id bigserial PRIMARY KEY,
  sn text NOT NULL UNIQUE,
  name text NOT NULL,
  timezone text NOT NULL DEFAULT 'Asia/Shanghai',
  ai_count integer NOT NULL DEFAULT 10,
  caller_group text NOT NULL DEFAULT '',
  open_callback smallint NOT NULL DEFAULT 0,
  callback_url text,
  task_callback_url text,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organizations (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  name text NOT NULL,
  parent_id bigint REFERENCES organizations(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_team ON organizations(team_id);

CREATE TABLE permissions (
  id integer PRIMARY KEY,
  name text NOT NULL UNIQUE,
  display_name text NOT NULL,
  parent_id integer NOT NULL DEFAULT 0,
  menu_type smallint NOT NULL DEFAULT 0,
  icon text NOT NULL DEFAULT ''
);

CREATE TABLE roles (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  name text NOT NULL,
  display_name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roles_team ON roles(team_id);

CREATE TABLE role_permissions (
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  role_id bigint NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  permission_id integer NOT NULL REFERENCES permissions(id),
  PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  sn text NOT NULL UNIQUE,
  user_name text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  contact text NOT NULL DEFAULT '',
  parent_id bigint REFERENCES accounts(id),
  role_id bigint REFERENCES roles(id) ON DELETE SET NULL,
  organization_id bigint REFERENCES organizations(id) ON DELETE SET NULL,
  job text NOT NULL DEFAULT '',
  max_call_count integer NOT NULL DEFAULT 0,
  expired date,
  api_access_id text UNIQUE,
  api_access_secret_enc text,
  ext text NOT NULL DEFAULT '',
  display_phone text NOT NULL DEFAULT '',
  skillgroup_sn text NOT NULL DEFAULT '',
  extra jsonb NOT NULL DEFAULT '{}',
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_team ON accounts(team_id);

CREATE TABLE api_keys (
  account_id bigint PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  team_id bigint NOT NULL REFERENCES teams(id),
  key_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE skill_groups (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  sn text NOT NULL UNIQUE,
  name text NOT NULL,
  caption text NOT NULL DEFAULT '',
  strategy smallint NOT NULL DEFAULT 0,
  all_busy smallint NOT NULL DEFAULT 1,
  no_agent smallint NOT NULL DEFAULT 1,
  percentage integer,
  group_record smallint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skill_groups_team ON skill_groups(team_id);

CREATE TABLE extensions (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  ext text NOT NULL,
  account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
  status smallint NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, ext)
);

CREATE TABLE call_time_settings (
  team_id bigint PRIMARY KEY REFERENCES teams(id) DEFAULT aicall_team_id(),
  week1 text NOT NULL, week2 text NOT NULL, week3 text NOT NULL, week4 text NOT NULL,
  week5 text NOT NULL, week6 text NOT NULL, week7 text NOT NULL,
  holiday text NOT NULL DEFAULT '',
  holiday_status smallint NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The statutory holiday calendar: 'holiday' days off and 'workday' make-up working days (调休). Global data.
CREATE TABLE holidays (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL
);

SELECT aicall_enable_tenancy(t) FROM unnest(ARRAY['organizations','roles','role_permissions','accounts',
  'api_keys','skill_groups','extensions','call_time_settings']) AS t;
ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON teams TO aicall_tenant USING (id = aicall_team_id());
`;
