// Import benchmark: a csv of ROWS numbers (≈5 % duplicates, 1 % DND-listed, 1 % malformed) uploaded to 5.7.1
// addExcelOfAsync on a real listening server and imported by the background job into an embedded PostgreSQL, end
// to end (upload → 5.7.3 reports done). Compared, in the same run, with a bare COPY of the same phone numbers into a
// one-column table (the store's floor) and with a COPY of the same rows straight into task_numbers (the floor of
// the numbers table as it is, indexes and foreign keys included). Then an XLSX_ROWS-row xlsx through the same path.
// The server runs in a process of its own (test/support/api-process-child.ts, roles api and jobs): its CPU and its peak
// resident memory are read from /proc, apart from this process, which writes the files and uploads them.
//   node --import tsx bench/import.ts            ROWS=200000 XLSX_ROWS=20000 for a quick run
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildApp } from '../src/app/build.js';
import { loadConfig } from '../src/config/config.js';
import { SecretBox } from '../src/lib/secret-box.js';
import { cloneTemplate, startTestCluster } from '../test/support/cluster.js';
import { postgresCpuMeter, processCpuMs, processRss, resetPeakRss } from './support/postgres-cpu.js';
import { startApiProcess } from '../test/support/api-process-child.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.XLSX_ROWS ?? 100_000);
/** Rows of the task_numbers COPY floor (a rate; measured on a prefix to keep the run short). */
const FLOOR_ROWS = Math.min(ROWS, Number(process.env.FLOOR_ROWS ?? 300_000));
const CHUNK = process.env.IMPORT_CHUNK_ROWS ?? '20000';

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const rate = (rows: number, ms: number) => Math.round((rows * 1000) / ms);

/** Row i's phone: unique numbers, except every 20th row repeats the number two rows up and every 100th is malformed. */
function phoneOf(i: number): string {
  if (i % 100 === 98) return `13${i}x`; // 1 % malformed
  const n = i % 20 === 19 ? i - 2 : i; // 5 % duplicates (of rows that are neither duplicates nor malformed)
  return String(13_000_000_000 + n * 7);
}
/** Every 100th distinct number (offset 50) is on the DND list: ≈1 % of rows. */
const isDnd = (i: number) => i % 100 === 50;

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('姓名,*电话,地址\n');
  for (let i = 0; i < rows; i++) {
    if (!out.write(`客户${i},${phoneOf(i)},广东省深圳市南山区${i % 1000}号\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(file: string, rows: number): Promise<void> {
  // Loaded here, after the csv import: the server does not load exceljs, so the csv's RSS figures must not either.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const ws = wb.addWorksheet('名单');
  ws.addRow(['姓名', '*电话', '地址']).commit();
  for (let i = 0; i < rows; i++) {
    ws.addRow([`客户${i}`, phoneOf(i + 5_000_000), `北京市海淀区${i % 1000}号`]).commit();
  }
  ws.commit();
  await wb.commit();
}

async function copyRows(client: pg.Client, sql: string, lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(lines), client.query(copyFrom(sql)));
}

function* batched(rows: number, line: (i: number) => string): Generator<string> {
  for (let i = 0; i < rows; i += 10_000) {
    let s = '';
    for (let k = i; k < Math.min(rows, i + 10_000); k++) s += line(k);
    yield s;
  }
}

const loadAtStart = os.loadavg()[0]!;
const dir = mkdtempSync(path.join(os.tmpdir(), 'aicall-bench-import-'));
const cluster = await startTestCluster();
const db = await cloneTemplate(cluster.base);
// This process's app only creates the tenant; the server under test is the child process below.
const secretKey = randomBytes(32).toString('hex');
const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: path.join(dir, 'data') });
const app = buildApp({ config, connectionString: db.url, secrets: SecretBox.fromText(secretKey) });
const server = await startApiProcess(db.url, {
  DATA_DIR: path.join(dir, 'server'),
  ROLES: 'api,jobs',
  SECRET_KEY: secretKey,
  MAX_BODY_BYTES: String(512 * 1048576),
  IMPORT_MAX_BYTES: String(512 * 1048576),
  IMPORT_CHUNK_ROWS: CHUNK,
});
try {
  const { url, pid } = server;
  const creds = await app.tenants.create({ name: '压测租户' });
  const api = async (p: string, body: Record<string, unknown>) =>
    (await (await fetch(`${url}${p}`, { method: 'POST', body: JSON.stringify(body) })).json()) as {
      code: number;
      msg: string;
      data: Record<string, unknown>;
    };
  const login = await api('/api/login', { username: creds.user_name, password: creds.password, from: 2 });
  const session = { api_key: String(login.data.api_key), user_sn: String(login.data.user_sn) };
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const team = (
    await admin.query<{ team_id: string }>('SELECT team_id FROM accounts WHERE sn = $1', [session.user_sn])
  ).rows[0]!.team_id;
  const projectSn = `projects|${randomBytes(16).toString('hex')}`;
  await admin.query(
    `INSERT INTO scripts (team_id, sn, name, caption, question_sn, columns) VALUES ($1, $2, '压测', '压测', 'q', '["姓名","*电话","地址"]')`,
    [team, projectSn],
  );
  await copyRows(
    admin,
    'COPY dnd_entries (team_id, phone) FROM STDIN',
    batched(ROWS, (i) => (isDnd(i) ? `${team}\t${phoneOf(i)}\n` : '')),
  );

  const csv = path.join(dir, 'numbers.csv');
  await writeCsv(csv, ROWS);
  const bytes = statSync(csv).size;

  /** Uploads a file to 5.7.1 and waits until 5.7.3 says the import is done. */
  async function importFile(file: string, name: string) {
    const form = new FormData();
    form.set('api_key', session.api_key);
    form.set('user_sn', session.user_sn);
    form.set('project_sn', projectSn);
    form.set('ai_user_sn', session.user_sn);
    form.set('source', name);
    form.set('upload', await openAsBlob(file), path.basename(file));
    const started = performance.now();
    const res = (await (
      await fetch(`${url}/api/addExcelOfAsync`, { method: 'POST', body: form })
    ).json()) as {
      code: number;
      msg: string;
      data: { dial_task_main_id: number };
    };
    if (res.code !== 0) throw new Error(`upload refused: ${res.code} ${res.msg}`);
    const accepted = performance.now() - started;
    for (;;) {
      const st = await api('/api/getImportTaskStatus', {
        ...session,
        dial_task_main_id: res.data.dial_task_main_id,
      });
      if (st.data.status !== 0 && st.data.status !== 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - started;
    const info = await api('/api/getImportTaskInfo', {
      ...session,
      dial_task_main_id: res.data.dial_task_main_id,
      pageSize: 1,
    });
    return { ms, accepted, mark: info.data.import_mark as Record<string, number> };
  }

  const rssBefore = processRss(pid).now;
  resetPeakRss(pid);
  const postgresCpuMs = await postgresCpuMeter(db.url);
  const serverCpu0 = processCpuMs(pid);
  const clientCpu0 = process.cpuUsage();
  const pgCpu0 = postgresCpuMs();
  const csvRun = await importFile(csv, 'csv压测');
  const clientCpu = process.cpuUsage(clientCpu0);
  const csvCpu = {
    server: processCpuMs(pid) - serverCpu0,
    client: (clientCpu.user + clientCpu.system) / 1000,
    pg: postgresCpuMs() - pgCpu0,
  };
  const csvPeak = processRss(pid).peak;

  // Floors, same phone numbers (and, for task_numbers, the same rows) in the same run.
  await admin.query('CREATE TABLE bench_copy (phone text)');
  let t0 = performance.now();
  await copyRows(
    admin,
    'COPY bench_copy (phone) FROM STDIN',
    batched(ROWS, (i) => `${phoneOf(i)}\n`),
  );
  const copyMs = performance.now() - t0;
  const floorTask = (
    await admin.query<{ id: string }>(
      `INSERT INTO tasks (team_id, sn, account_id, script_id, name)
       SELECT team_id, 'bench|floor', (SELECT id FROM accounts WHERE sn = $1), id, 'floor' FROM scripts WHERE sn = $2
       RETURNING id`,
      [session.user_sn, projectSn],
    )
  ).rows[0]!.id;
  t0 = performance.now();
  await copyRows(
    admin,
    'COPY task_numbers (team_id, task_id, phone, row_no, columns) FROM STDIN',
    batched(FLOOR_ROWS, (i) =>
      i % 20 === 19 || i % 100 === 98 || isDnd(i)
        ? ''
        : `${team}\t${floorTask}\t${phoneOf(i)}\t${i + 2}\t{"姓名":"客户${i}","电话":"${phoneOf(i)}","地址":"广东省深圳市南山区${i % 1000}号"}\n`,
    ),
  );
  const tableCopyMs = performance.now() - t0;
  const tableCopyRows = Number(
    (
      await admin.query<{ n: string }>('SELECT count(*) AS n FROM task_numbers WHERE task_id = $1', [
        floorTask,
      ])
    ).rows[0]!.n,
  );

  const xlsxFile = path.join(dir, 'numbers.xlsx');
  await writeXlsx(xlsxFile, XLSX_ROWS);
  resetPeakRss(pid);
  const xlsxRun = await importFile(xlsxFile, 'xlsx压测');
  const xlsxPeak = processRss(pid).peak;
  await admin.end();

  const e2e = rate(ROWS, csvRun.ms);
  const floor = rate(ROWS, copyMs);
  console.log(
    `import benchmark (node ${process.version}, ${os.cpus().length} cores, chunk ${CHUNK} rows; load average ` +
      `${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end)`,
  );
  console.log(
    `csv upload: ${ROWS} rows, ${mb(bytes)}; accepted (upload + validation) in ${Math.round(csvRun.accepted)} ms`,
  );
  console.log(`  import_mark: ${JSON.stringify(csvRun.mark)}`);
  console.log(`  end to end: ${(csvRun.ms / 1000).toFixed(2)} s = ${e2e} rows/s`);
  const perRow = (ms: number) => ((ms * 1000) / ROWS).toFixed(1);
  console.log(
    `  CPU per row: server (upload, parsing, import) ${perRow(csvCpu.server)} µs, PostgreSQL ${perRow(csvCpu.pg)} µs ` +
      `(${((csvCpu.server + csvCpu.pg) / csvRun.ms).toFixed(2)} cores busy on average); the uploading client ` +
      `${perRow(csvCpu.client)} µs`,
  );
  console.log(`  the server's peak RSS during the import: ${mb(csvPeak)} (before: ${mb(rssBefore)})`);
  console.log(
    `bare COPY of the same ${ROWS} phones into a one-column table: ${(copyMs / 1000).toFixed(2)} s = ${floor} rows/s`,
  );
  console.log(`  ratio end-to-end / bare COPY time: ${(csvRun.ms / copyMs).toFixed(1)}×`);
  console.log(
    `COPY of the importable rows among the first ${FLOOR_ROWS} straight into task_numbers (its indexes and FKs): ${tableCopyRows} rows in ${(tableCopyMs / 1000).toFixed(2)} s = ${rate(tableCopyRows, tableCopyMs)} rows/s`,
  );
  const tableRate = (tableCopyRows * 1000) / tableCopyMs;
  const importedRate = (csvRun.mark.successCount! * 1000) / csvRun.ms;
  console.log(
    `  ratio of rates, task_numbers COPY / end-to-end (rows stored per second): ${(tableRate / importedRate).toFixed(1)}×`,
  );
  console.log(
    `xlsx upload: ${XLSX_ROWS} rows: ${(xlsxRun.ms / 1000).toFixed(2)} s = ${rate(XLSX_ROWS, xlsxRun.ms)} rows/s, the server's peak RSS ${mb(xlsxPeak)}; import_mark ${JSON.stringify(xlsxRun.mark)}`,
  );
} finally {
  await server.stop();
  await app.stop();
  await db.drop();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
