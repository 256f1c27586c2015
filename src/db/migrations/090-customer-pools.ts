// Customer pools (公海/私海, 6.7.x): a customer per team and phone, in the public pool (no owner) or one
// sub-account's private pool, with collaborators (协同), follow-up notes, an audit trail of every move, and the
// pre-screening rules that send a graded callee to a pool. A customer's call timeline is not copied: it is the
// team's call records of that phone (call_records_team_phone), so a redial appears there by itself.
export const name = 'customer-pools';

export const up = String.raw`
CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  phone text NOT NULL,                           -- normalized national number, as task numbers
  name text NOT NULL DEFAULT '',
  company text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  remark text NOT NULL DEFAULT '',
  fields jsonb NOT NULL DEFAULT '{}',            -- the other import columns, by caption
  tags text[] NOT NULL DEFAULT '{}',
  owner_id bigint REFERENCES accounts(id) ON DELETE SET NULL,  -- NULL = public pool (公海)
  follow_set_id smallint NOT NULL DEFAULT -1 CHECK (follow_set_id IN (0, -1, -2)),  -- 0 AI, -1 manual, -2 opportunity
  auto_ignore smallint NOT NULL DEFAULT 1 CHECK (auto_ignore IN (0, 1)),  -- 1 = automatic give-up applies
  grade text NOT NULL DEFAULT '',                -- the grade that brought it in, or its latest qualifying one
  source_task_id bigint REFERENCES tasks(id) ON DELETE SET NULL,
  source_record_id bigint,                       -- the call record whose grade brought it in
  owned_at timestamptz,                          -- entered its current private pool
  last_follow_at timestamptz,                    -- last follow-up note (automatic give-up counts from here)
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One customer per team and phone; text_pattern_ops also serves namephone prefix search on phones.
CREATE UNIQUE INDEX customers_team_phone ON customers(team_id, phone text_pattern_ops);
CREATE INDEX customers_team_name ON customers(team_id, name text_pattern_ops);
-- 6.7.5 pages newest first per pool: public, one owner's private pool, every private pool (main account).
CREATE INDEX customers_public_updated ON customers(team_id, updated_at DESC, id DESC) WHERE owner_id IS NULL;
CREATE INDEX customers_owner_updated ON customers(owner_id, updated_at DESC, id DESC) WHERE owner_id IS NOT NULL;
CREATE INDEX customers_private_updated ON customers(team_id, updated_at DESC, id DESC) WHERE owner_id IS NOT NULL;
-- Automatic give-up scans private customers by the time of their last follow-up.
CREATE INDEX customers_give_up_due ON customers(team_id, (coalesce(last_follow_at, owned_at)))
  WHERE owner_id IS NOT NULL AND auto_ignore = 1;

CREATE TABLE customer_collaborators (
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, account_id)
);
CREATE INDEX customer_collaborators_account ON customer_collaborators(account_id, customer_id);

CREATE TABLE customer_notes (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  account_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_notes_customer ON customer_notes(customer_id, created_at);

-- Every move between pools, kept after the customer is deleted (phone stays).
CREATE TABLE customer_moves (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  customer_id bigint REFERENCES customers(id) ON DELETE SET NULL,
  phone text NOT NULL,
  action text NOT NULL,                          -- import/prescreen/take/give_up/auto_give_up/transfer/reclassify/delete/collaborators
  from_owner_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
  to_owner_id bigint REFERENCES accounts(id) ON DELETE SET NULL,
  actor_id bigint REFERENCES accounts(id) ON DELETE SET NULL,   -- NULL = the platform (pre-screening, rules)
  detail text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_moves_customer ON customer_moves(customer_id, id);
CREATE INDEX customer_moves_team_phone ON customer_moves(team_id, phone, id);

-- The team's pool rules and pre-screening default; a task may override pre-screening (task_prescreen).
CREATE TABLE customer_pool_settings (
  team_id bigint PRIMARY KEY REFERENCES teams(id) DEFAULT aicall_team_id(),
  prescreen_grades text[] NOT NULL DEFAULT '{}', -- grades that send a callee to a pool; empty = off
  prescreen_pool text NOT NULL DEFAULT 'private' CHECK (prescreen_pool IN ('private', 'public')),
  auto_give_up_days integer NOT NULL DEFAULT 0 CHECK (auto_give_up_days >= 0),  -- 0 = never
  private_cap integer NOT NULL DEFAULT 0 CHECK (private_cap >= 0),              -- 0 = unlimited
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE task_prescreen (
  task_id bigint PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
  team_id bigint NOT NULL REFERENCES teams(id) DEFAULT aicall_team_id(),
  grades text[] NOT NULL,                        -- empty = pre-screening off for this task
  pool text NOT NULL CHECK (pool IN ('private', 'public')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

SELECT aicall_enable_tenancy(t) FROM unnest(ARRAY['customers', 'customer_collaborators', 'customer_notes',
  'customer_moves', 'customer_pool_settings', 'task_prescreen']) AS t;

INSERT INTO permissions (id, name, display_name, parent_id, menu_type) VALUES
  (800, '#client.customer', '客户管理', 0, 0),
  (801, 'customer.view', '公海私海列表', 800, 1),
  (802, 'customer.manage', '客户导入、领取与转让', 800, 1);
`;
