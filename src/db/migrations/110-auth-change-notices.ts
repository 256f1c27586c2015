// Notices that let each process cache authentication: whatever changes a key, an account, a team's identity or a
// role's permissions — any code path, any process, the CLI — announces it on channel `aicall_auth` when its
// transaction commits (NOTIFY is transactional), and every process drops what it cached (src/db/change-feed.ts).
// Payloads: `k:<key_hash>` (key replaced or deleted), `a:<account id>`, `t:<team id>`, `r:<role id>`.
export const name = 'auth-change-notices';

export const up = String.raw`
CREATE FUNCTION aicall_notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  -- IF, not CASE: a field of OLD is resolved when its expression is planned, whatever the table.
  IF TG_TABLE_NAME = 'api_keys' THEN
    PERFORM pg_notify('aicall_auth', 'k:' || OLD.key_hash);
  ELSIF TG_TABLE_NAME = 'accounts' THEN
    PERFORM pg_notify('aicall_auth', 'a:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'teams' THEN
    PERFORM pg_notify('aicall_auth', 't:' || OLD.id);
  ELSE
    PERFORM pg_notify('aicall_auth', 'r:' || OLD.id);
  END IF;
  RETURN NULL;
END $f$;

-- role_permissions rows change in sets (replace = delete + insert): identical payloads are delivered once.
CREATE FUNCTION aicall_notify_role_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('aicall_auth', 'r:' || OLD.role_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('aicall_auth', 'r:' || NEW.role_id); END IF;
  RETURN NULL;
END $f$;

CREATE TRIGGER api_keys_auth_change AFTER UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION aicall_notify_auth_change();
CREATE TRIGGER accounts_auth_change AFTER UPDATE OR DELETE ON accounts
  FOR EACH ROW EXECUTE FUNCTION aicall_notify_auth_change();
CREATE TRIGGER teams_auth_change AFTER UPDATE OR DELETE ON teams
  FOR EACH ROW EXECUTE FUNCTION aicall_notify_auth_change();
CREATE TRIGGER roles_auth_change AFTER UPDATE OR DELETE ON roles
  FOR EACH ROW EXECUTE FUNCTION aicall_notify_auth_change();
CREATE TRIGGER role_permissions_auth_change AFTER INSERT OR UPDATE OR DELETE ON role_permissions
  FOR EACH ROW EXECUTE FUNCTION aicall_notify_role_change();
`;
