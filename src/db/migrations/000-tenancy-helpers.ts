// Helpers every later migration uses to put a table under row-level tenant isolation.
export const name = 'tenancy-helpers';

export const up = String.raw`
CREATE FUNCTION aicall_enable_tenancy(tbl text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %I TO aicall_tenant
                  USING (team_id = aicall_team_id()) WITH CHECK (team_id = aicall_team_id())', tbl);
END $f$;
`;
