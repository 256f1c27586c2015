/**
 * Import parsing throughput: csv (1,000,000 rows, UTF-8 and a GBK sample) and xlsx (100,000 rows) read
 * through `readImportFile` with phone normalization, each against baselines measured in the same run:
 * csv vs. bare `readline` and bare csv-parse over the same file, xlsx vs. bare exceljs streaming iteration
 * of the same file, and `normalizePhone` vs. libphonenumber-js.
 * Each phase runs in a forked child so its peak RSS is its own.
 *
 * Run: node --import tsx bench/parse.ts   [--csv-rows N] [--xlsx-rows N]
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

import { normalizePhone } from '../src/lib/phone/index.js';
import { readImportFile } from '../src/services/import/parse/index.js';

const CAPTIONS = ['姓名', '*电话', '地址', '公司名称', '备注'];

type Counts = Pick<PhaseResult, 'rows' | 'ok'>;

interface PhaseResult {
  rows: number;
  ok: number;
  ms: number;
  /** User + system CPU time of the phase: steadier than wall time when the machine is shared. */
  cpuMs: number;
  peakRssMb: number;
}

/** Deterministic, realistic mix: mostly bare mobiles, some decorated, landlines, Excel artefacts, junk. */
function phoneFor(i: number): string {
  const mobile = `1${'3578'[i % 4]}${String((i * 7919) % 1_000_000_000).padStart(9, '0')}`;
  switch (i % 20) {
    case 0:
      return `+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`;
    case 1:
      return `0755-2${String(i % 10_000_000).padStart(7, '0')}`;
    case 2:
      return `${mobile}.0`;
    case 3:
      return i % 40 === 3 ? '1.38E+10' : '1234';
    default:
      return mobile;
  }
}

function csvLine(i: number): string {
  return `客户${i},${phoneFor(i)},广东省深圳市南山区科技园${i % 1000}号,某某科技有限公司,"第${i}行,备注"`;
}

async function writeCsv(path: string, rows: number, encoding: 'utf8' | 'gbk'): Promise<void> {
  const out = createWriteStream(path);
  const encode = (text: string): Buffer =>
    encoding === 'utf8' ? Buffer.from(text) : iconv.encode(text, 'gbk');
  let buffer = CAPTIONS.join(',') + '\r\n';
  for (let i = 0; i < rows; i++) {
    buffer += csvLine(i) + '\r\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(encode(buffer))) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(encode(buffer));
  await once(out, 'finish');
}

async function writeXlsx(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(CAPTIONS).commit();
  for (let i = 0; i < rows; i++) {
    const phone = phoneFor(i);
    // Half the phones as number cells, as operators' sheets usually have them.
    const cell = i % 2 === 0 && /^\d{11}$/.test(phone) ? Number(phone) : phone;
    sheet
      .addRow([`客户${i}`, cell, `广东省深圳市南山区科技园${i % 1000}号`, '某某科技有限公司', `第${i}行`])
      .commit();
  }
  await workbook.commit();
}

// ---- phases (each runs in its own child process) ----

async function importPhase(path: string): Promise<Counts> {
  let rows = 0;
  let ok = 0;
  for await (const row of readImportFile(createReadStream(path), CAPTIONS, { maxBytes: 2 ** 30 })) {
    rows++;
    if (normalizePhone(row.columns['电话'] ?? '').ok) ok++;
  }
  return { rows, ok };
}

async function readlinePhase(path: string): Promise<Counts> {
  let rows = -1; // header
  for await (const _line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) rows++;
  return { rows, ok: 0 };
}

/** csv-parse alone with the options the import uses: the floor our csv path sits on. */
async function csvParsePhase(path: string): Promise<Counts> {
  let rows = -1;
  const parser = createReadStream(path).pipe(
    parse({ bom: true, record_delimiter: '\n', rtrim: true, relax_quotes: true, relax_column_count: true }),
  );
  for await (const _record of parser) rows++;
  return { rows, ok: 0 };
}

async function exceljsPhase(path: string): Promise<Counts> {
  let rows = -1;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), { styles: 'cache' });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (Array.isArray(row.values)) rows++;
    }
  }
  return { rows, ok: 0 };
}

function phoneLibraryPhase(count: number, useLibrary: boolean): Counts {
  let ok = 0;
  for (let i = 0; i < count; i++) {
    const raw = phoneFor(i);
    if (useLibrary ? parsePhoneNumberFromString(raw, 'CN')?.isValid() === true : normalizePhone(raw).ok) ok++;
  }
  return { rows: count, ok };
}

const PHASES: Record<string, (arg: string) => Promise<Counts>> = {
  import: importPhase,
  readline: readlinePhase,
  'csv-parse': csvParsePhase,
  exceljs: exceljsPhase,
  normalize: (n) => Promise.resolve(phoneLibraryPhase(Number(n), false)),
  libphonenumber: (n) => Promise.resolve(phoneLibraryPhase(Number(n), true)),
};

async function runChildPhase(name: string, arg: string): Promise<void> {
  const phase = PHASES[name];
  if (phase === undefined) throw new Error(`unknown phase ${name}`);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const counts = await phase(arg);
  const cpu = process.cpuUsage(cpuBefore);
  const result: PhaseResult = {
    ...counts,
    ms: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result);
}

function runPhase(name: string, arg: string): Promise<PhaseResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--phase', name, arg], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as PhaseResult));
    child.once('exit', (code) => reject(new Error(`phase ${name} exited with ${code}`)));
  });
}

// ---- orchestration ----

function rate(r: PhaseResult): number {
  return Math.round(r.rows / (r.ms / 1000));
}

/** Prints the subject and each baseline, with the subject's rows/s as a ratio of each baseline's. */
function report(
  label: string,
  subject: PhaseResult,
  baselines: readonly [string, PhaseResult][],
  subjectLabel = 'readImportFile + normalizePhone',
): void {
  console.log(`\n${label}`);
  const line = (name: string, r: PhaseResult): string =>
    `  ${name.padEnd(38)} ${String(r.rows).padStart(9)} rows  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ` +
    `${String(rate(r)).padStart(9)} rows/s  ${String(Math.round(r.rows / (r.cpuMs / 1000))).padStart(9)} rows/cpu-s  ` +
    `peak RSS ${r.peakRssMb.toFixed(0)} MB`;
  console.log(line(subjectLabel, subject) + `  (${subject.ok} valid phones)`);
  for (const [name, baseline] of baselines) {
    console.log(
      line(name, baseline) + `  ratio subject/baseline ${(rate(subject) / rate(baseline)).toFixed(2)}`,
    );
  }
}

function argValue(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const csvRows = argValue('--csv-rows', 1_000_000);
  const gbkRows = Math.round(csvRows / 4);
  const xlsxRows = argValue('--xlsx-rows', 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'aicall-bench-parse-'));
  try {
    const csv = join(dir, 'rows.csv');
    const gbk = join(dir, 'rows-gbk.csv');
    const xlsx = join(dir, 'rows.xlsx');
    const t = performance.now();
    await writeCsv(csv, csvRows, 'utf8');
    await writeCsv(gbk, gbkRows, 'gbk');
    await writeXlsx(xlsx, xlsxRows);
    console.log(
      `generated fixtures in ${((performance.now() - t) / 1000).toFixed(1)} s: ` +
        `csv ${((await stat(csv)).size / 2 ** 20).toFixed(0)} MB, gbk csv ${((await stat(gbk)).size / 2 ** 20).toFixed(0)} MB, ` +
        `xlsx ${((await stat(xlsx)).size / 2 ** 20).toFixed(1)} MB`,
    );

    report(`csv UTF-8, ${csvRows} rows`, await runPhase('import', csv), [
      ['baseline: readline (lines only)', await runPhase('readline', csv)],
      ['baseline: csv-parse alone', await runPhase('csv-parse', csv)],
    ]);
    report(`csv GBK, ${gbkRows} rows`, await runPhase('import', gbk), [
      ['baseline: readline (undecoded lines)', await runPhase('readline', gbk)],
    ]);
    report(`xlsx, ${xlsxRows} rows`, await runPhase('import', xlsx), [
      ['baseline: exceljs WorkbookReader alone', await runPhase('exceljs', xlsx)],
    ]);
    const n = String(Math.min(csvRows, 300_000));
    report(
      `phone normalization alone, ${n} values (incl. generating them)`,
      await runPhase('normalize', n),
      [['baseline: libphonenumber-js/max', await runPhase('libphonenumber', n)]],
      'normalizePhone',
    );
    console.log(`\ntotal ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const phaseFlag = process.argv.indexOf('--phase');
if (phaseFlag >= 0) {
  await runChildPhase(process.argv[phaseFlag + 1] ?? '', process.argv[phaseFlag + 2] ?? '');
} else {
  await main();
}
