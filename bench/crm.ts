/**
 * Customer-pool benchmark: SIZE customers (70 % public, 30 % in 20 sub-accounts' private pools, names and
 * update times spread over a year) with 5 × SIZE call records of their phones, in one team, in embedded
 * PostgreSQL. Measures 6.7.5 `/api/customerList` end to end (HTTP pipeline, auth, row-level security, count,
 * page, owners, collaborators and call counts of the page) over 1,000 queries each:
 *   - `namephone` = a 7-digit phone prefix (public pool),
 *   - `updated_at_start`/`_end` = a one-day window (public pool),
 * and, in the same run, the same lookups as bare indexed SQL (count + page, no RLS) as the baseline.
 * Prints p50/p99 per kind and the ratio to the baseline.
 *
 * Run: node --import tsx bench/crm.ts                 (--size 100000: a few minutes)
 *      node --import tsx bench/crm.ts --size 1000000  (the full 1M customers / 5M call records)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/app/build.js';
import { loadConfig } from '../src/config/config.js';
import { formatDateTime } from '../src/lib/clock.js';
import { SecretBox } from '../src/lib/secret-box.js';
import { cloneTemplate, startTestCluster } from '../test/support/cluster.js';

const { values } = parseArgs({
  options: { size: { type: 'string' }, queries: { type: 'string' }, explain: { type: 'boolean' } },
});
const SIZE = Math.max(10_000, Number(values.size ?? process.env.CRM_BENCH_SIZE ?? 100_000));
const CALLS = SIZE * 5;
const QUERIES = Number(values.queries ?? 1_000);
const PAGE = 20;
const DAY = 86_400_000;
const END = Date.parse('2025-06-30T16:00:00Z');
const TZ = 'Asia/Shanghai';

/** Phone of customer g (1-based): distinct for g < 10^9. */
const phoneSql = `'13' || lpad(((g::bigint * 7919) % 1000000000)::text, 9, '0')`;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: pct(s, 50), p99: pct(s, 99) };
}
const f = (n: number) => n.toFixed(2).padStart(7);

/** `--explain`: the plans of the two lookups as a tenant runs them (row-level security on). */
async function explain(client: pg.Client, teamId: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `SET LOCAL ROLE aicall_tenant; SELECT set_config('aicall.team_id', '${teamId}', true)`,
    );
    for (const where of [
      `phone LIKE '1350000%'`,
      `updated_at >= '2025-03-01' AND updated_at < '2025-03-02'`,
    ]) {
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ANALYZE SELECT count(*) FROM customers c WHERE c.owner_id IS NULL AND ${where}`,
      );
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
      const page = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ANALYZE SELECT * FROM customers c WHERE c.owner_id IS NULL AND ${where}
         ORDER BY c.updated_at DESC, c.id DESC LIMIT ${PAGE}`,
      );
      console.log(page.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
  } finally {
    await client.query('ROLLBACK');
  }
}

const cluster = await startTestCluster();
const db = await cloneTemplate(cluster.base);
const app = buildApp({
  config: loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-bench-crm-')),
  }),
  connectionString: db.url,
  secrets: new SecretBox(randomBytes(32)),
});
const admin = new pg.Client({ connectionString: db.url });
try {
  await admin.connect();
  const http = await app.http();
  const creds = await app.tenants.create({ name: '客户池压测' });
  const login = (
    await http.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: creds.user_name, password: creds.password, from: 2 },
    })
  ).json<{ data: { api_key: string; user_sn: string } }>().data;
  const team = (
    await admin.query<{ team_id: string }>('SELECT team_id FROM accounts WHERE sn = $1', [login.user_sn])
  ).rows[0]!.team_id;

  console.log(`loading ${SIZE.toLocaleString()} customers, ${CALLS.toLocaleString()} call records …`);
  let started = performance.now();
  await admin.query(
    `INSERT INTO accounts (team_id, sn, user_name, password_hash, parent_id)
     SELECT $1, 'SYSUSER|' || md5('bench' || i), 'bench_sales_' || i, 'x', (SELECT id FROM accounts WHERE sn = $2)
     FROM generate_series(1, 20) i`,
    [team, login.user_sn],
  );
  const owners = (
    await admin.query<{ id: string }>(
      `SELECT id FROM accounts WHERE user_name LIKE 'bench_sales_%' ORDER BY id`,
    )
  ).rows.map((r) => r.id);
  await admin.query(
    `INSERT INTO customers (team_id, phone, name, company, owner_id, owned_at, follow_set_id, grade, created_at, updated_at)
     SELECT $1, ${phoneSql},
            (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + g % 10] || '客户' || g,
            '公司' || (g % 5000),
            CASE WHEN g % 10 < 3 THEN ($2::bigint[])[1 + g % 20] END,
            CASE WHEN g % 10 < 3 THEN $3::timestamptz - make_interval(secs => (g::bigint * 104729) % 31536000) END,
            (ARRAY[0, -1, -2])[1 + g % 3], (ARRAY['A','B','C','D'])[1 + g % 4],
            $3::timestamptz - make_interval(secs => (g::bigint * 130363) % 31536000),
            $3::timestamptz - make_interval(secs => (g::bigint * 104729) % 31536000)
     FROM generate_series(1, $4::int) g`,
    [team, owners, new Date(END), SIZE],
  );
  const customersMs = performance.now() - started;
  started = performance.now();
  for (let from = 1; from <= CALLS; from += 500_000) {
    await admin.query(
      `INSERT INTO call_records (team_id, sn, phone, name, result, result_code, started_at, grade, created_at, updated_at)
       SELECT $1, 'account|' || md5('bench' || c), ${phoneSql.replaceAll('g::bigint', '(1 + c % $2)::bigint')}, '',
              'answered', 1, $3::timestamptz - make_interval(secs => (c::bigint * 15485863) % 31536000), 'C',
              $3::timestamptz - make_interval(secs => (c::bigint * 15485863) % 31536000), $3::timestamptz
       FROM generate_series($4::int, $5::int) c`,
      [team, SIZE, new Date(END), from, Math.min(CALLS, from + 499_999)],
    );
  }
  await admin.query(
    'ANALYZE customers; ANALYZE call_records; ANALYZE customer_collaborators; ANALYZE accounts',
  );
  console.log(
    `loaded in ${((customersMs + performance.now() - started) / 1000).toFixed(0)} s ` +
      `(customers ${(customersMs / 1000).toFixed(0)} s); load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );

  if (values.explain) await explain(admin, team);

  // Query inputs: prefixes of existing phones, one-day windows within the year.
  const prefixes = Array.from({ length: QUERIES }, (_, i) => {
    const g = 1 + ((i * 104_729) % SIZE);
    return `13${String((g * 7919) % 1_000_000_000).padStart(9, '0')}`.slice(0, 7);
  });
  const windows = Array.from({ length: QUERIES }, (_, i) => {
    const start = END - 365 * DAY + ((i * 7_919_000) % (364 * DAY));
    return [formatDateTime(new Date(start), TZ), formatDateTime(new Date(start + DAY - 1000), TZ)] as const;
  });

  async function endpoint(data: Record<string, string>): Promise<number> {
    const q = new URLSearchParams({
      api_key: login.api_key,
      user_sn: login.user_sn,
      isPrivate: '0',
      pageSize: String(PAGE),
      data: JSON.stringify(data),
    });
    const t0 = performance.now();
    const res = await http.inject({ method: 'GET', url: `/api/customerList?${q.toString()}` });
    const ms = performance.now() - t0;
    const body = res.json<{ code: number; msg: string }>();
    if (body.code !== 0) throw new Error(`customerList failed: ${body.msg}`);
    return ms;
  }
  /** The fixed cost of any endpoint: HTTP pipeline, key lookup, tenant transaction, one one-row query. */
  async function floor(): Promise<number> {
    const t0 = performance.now();
    await http.inject({
      method: 'POST',
      url: '/ext/customer/settings',
      payload: { api_key: login.api_key, user_sn: login.user_sn },
    });
    return performance.now() - t0;
  }
  async function bare(where: string, args: unknown[]): Promise<number> {
    const t0 = performance.now();
    await admin.query(`SELECT count(*) FROM customers WHERE team_id = $1 AND owner_id IS NULL AND ${where}`, [
      team,
      ...args,
    ]);
    await admin.query(
      `SELECT id, phone, name, company, updated_at FROM customers WHERE team_id = $1 AND owner_id IS NULL AND ${where}
       ORDER BY updated_at DESC, id DESC LIMIT ${PAGE}`,
      [team, ...args],
    );
    return performance.now() - t0;
  }

  // Warm-up (plans, caches), then the measured runs, alternating the kinds.
  for (let i = 0; i < 50; i++) await endpoint({ namephone: prefixes[i]! });
  const results: Record<string, number[]> = {
    prefixApi: [],
    prefixSql: [],
    windowApi: [],
    windowSql: [],
    floor: [],
  };
  let matched = 0;
  for (let i = 0; i < QUERIES; i++) {
    results.prefixApi!.push(await endpoint({ namephone: prefixes[i]! }));
    results.prefixSql!.push(await bare('phone LIKE $2', [`${prefixes[i]}%`]));
    results.floor!.push(await floor());
    const [s, e] = windows[i]!;
    results.windowApi!.push(await endpoint({ updated_at_start: s, updated_at_end: e }));
    results.windowSql!.push(
      await bare('updated_at >= $2 AND updated_at < $3', [new Date(`${s}+08:00`), new Date(`${e}+08:00`)]),
    );
  }
  const sample = await admin.query<{ n: string }>(
    `SELECT count(*) AS n FROM customers WHERE owner_id IS NULL AND updated_at >= $1 AND updated_at < $2`,
    [new Date(`${windows[0]![0]}+08:00`), new Date(`${windows[0]![1]}+08:00`)],
  );
  matched = Number(sample.rows[0]!.n);

  console.log(
    `\ncustomerList, ${SIZE.toLocaleString()} customers / ${CALLS.toLocaleString()} call records, ${QUERIES} queries each, page ${PAGE}`,
  );
  console.log(`(a one-day window matches ≈${matched} public customers)\n`);
  console.log('lookup                 endpoint p50   p99 | bare SQL p50   p99 | ratio p50  p99');
  for (const [label, api, base] of [
    ['namephone prefix', results.prefixApi!, results.prefixSql!],
    ['update window   ', results.windowApi!, results.windowSql!],
  ] as const) {
    const a = stats(api);
    const b = stats(base);
    console.log(
      `${label}     ${f(a.p50)} ${f(a.p99)} ms | ${f(b.p50)} ${f(b.p99)} ms | ${(a.p50 / b.p50).toFixed(1).padStart(5)}× ${(a.p99 / b.p99).toFixed(1).padStart(5)}×`,
    );
  }
  const fl = stats(results.floor!);
  console.log(
    `endpoint floor (auth + tenant transaction + one-row query): p50 ${fl.p50.toFixed(2)} ms, p99 ${fl.p99.toFixed(2)} ms`,
  );
  console.log(
    `\nload average after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${os.cpus().length} cores)`,
  );
} finally {
  await admin.end().catch(() => undefined);
  await app.stop();
  await db.drop();
  await cluster.stop();
}
