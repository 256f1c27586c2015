// Learning from calls: a to-learn item (7.5) remembers the node it was heard at, and once an operator labels it
// with where it should have led, the label and the script version that learned it.
export const name = 'learned-replies';

export const up = String.raw`
ALTER TABLE script_to_learn
  ADD COLUMN IF NOT EXISTS node_id text NOT NULL DEFAULT '',       -- listening node id (node_title is for people)
  ADD COLUMN IF NOT EXISTS label jsonb,                            -- {node, branch | global | asks_sn}
  ADD COLUMN IF NOT EXISTS learned_version integer,                -- script version that holds the example
  ADD COLUMN IF NOT EXISTS labelled_at timestamptz;
`;
