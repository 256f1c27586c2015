import { readFileSync } from 'node:fs';
import pg from 'pg';
import { migrations as defaultMigrations, type Migration } from './migrations/index.js';

// Any fixed number: serialises concurrent starts of several aicall processes on one database.
const MIGRATION_LOCK = 727_001;

/**
 * Applies pending migrations in one transaction each, under an advisory lock, then grants the tenant role
 * DML on row-secured tables and read-only access to global ones.
 * @returns the versions applied by this call
 */
export async function migrate(
  connectionString: string,
  list: readonly Migration[] = defaultMigrations,
): Promise<number[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const m of list) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.up);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
        applied.push(m.version);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
    }
    await client.query(GRANTS);
    await seedHolidays(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

const GRANTS = String.raw`
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') LOOP
    IF r.relrowsecurity THEN
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO aicall_tenant', r.relname);
    ELSE
      EXECUTE format('GRANT SELECT ON %I TO aicall_tenant', r.relname);
    END IF;
  END LOOP;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO aicall_tenant;
END $$;`;

/**
 * Inserts the shipped statutory calendar (src/db/seed/cn-holidays.json). Days already present are left alone,
 * so a calendar an operator loaded with `aicall holidays load` wins over the shipped one.
 */
async function seedHolidays(client: pg.Client): Promise<void> {
  const file = new URL('./seed/cn-holidays.json', import.meta.url);
  const { days } = JSON.parse(readFileSync(file, 'utf8')) as {
    days: { day: string; kind: string; name: string }[];
  };
  await client.query(
    `INSERT INTO holidays (day, kind, name)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[]) ON CONFLICT (day) DO NOTHING`,
    [days.map((d) => d.day), days.map((d) => d.kind), days.map((d) => d.name)],
  );
}
